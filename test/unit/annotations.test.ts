import { describe, expect, it } from 'vitest';
import { annotationBudget } from '../../src/report/annotations.js';
import type { Annotation } from '../../src/pipeline/deps.js';

function budget(): { annotate: (a: Annotation) => void; shown: Annotation[]; logged: string[] } {
  const shown: Annotation[] = [];
  const logged: string[] = [];
  return {
    annotate: annotationBudget(
      (a) => shown.push(a),
      (l) => logged.push(l),
    ),
    shown,
    logged,
  };
}

describe('annotationBudget', () => {
  it('keeps GitHub per-step limits per level, one error free for the final failure, the rest logged once', () => {
    const { annotate, shown, logged } = budget();
    for (let i = 0; i < 12; i++)
      annotate({ level: 'error', title: 'JAR check', message: `finding ${i}`, importance: 'high' });
    for (let i = 0; i < 11; i++)
      annotate({ level: 'warning', title: 'JAR check', message: `warning ${i}`, importance: 'high' });
    expect(shown.filter((a) => a.level === 'error')).toHaveLength(9);
    expect(shown.filter((a) => a.level === 'warning')).toHaveLength(10);
    expect(logged).toEqual([
      'error: JAR check: finding 9',
      'error: JAR check: finding 10',
      'error: JAR check: finding 11',
      'warning: JAR check: warning 10',
    ]);
  });

  it('keeps places for important annotations: many minor findings cannot crowd out a rollback', () => {
    const { annotate, shown, logged } = budget();
    for (let i = 0; i < 20; i++)
      annotate({ level: 'warning', title: 'JAR check', message: `minor ${i}`, importance: 'low' });
    annotate({ level: 'warning', title: 'Upgrade of orders', message: 'one-way major upgrade' });
    annotate({ level: 'warning', title: 'Rolling back orders', message: 'health gate', importance: 'high' });
    const titles = shown.map((a) => a.title);
    expect(titles.filter((t) => t === 'JAR check')).toHaveLength(5);
    expect(titles).toContain('Upgrade of orders');
    expect(titles).toContain('Rolling back orders');
    // over budget: a plain line each, none lost, none twice
    expect(logged).toHaveLength(15);
    expect(new Set(logged).size).toBe(15);
  });
});
