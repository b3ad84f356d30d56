import { describe, expect, it } from 'vitest';
import { annotationBudget } from '../../src/report/annotations.js';
import type { Annotation } from '../../src/pipeline/deps.js';

describe('annotationBudget', () => {
  it('keeps GitHub per-step limits per level, one error free for the final failure, the rest logged', () => {
    const shown: Annotation[] = [];
    const logged: string[] = [];
    const annotate = annotationBudget(
      (a) => shown.push(a),
      (l) => logged.push(l),
    );
    for (let i = 0; i < 12; i++) annotate({ level: 'error', title: 'JAR check', message: `finding ${i}` });
    for (let i = 0; i < 11; i++) annotate({ level: 'warning', title: 'JAR check', message: `warning ${i}` });
    expect(shown.filter((a) => a.level === 'error')).toHaveLength(9);
    expect(shown.filter((a) => a.level === 'warning')).toHaveLength(10);
    expect(logged).toEqual([
      'error: JAR check: finding 9',
      'error: JAR check: finding 10',
      'error: JAR check: finding 11',
      'warning: JAR check: warning 10',
    ]);
  });
});
