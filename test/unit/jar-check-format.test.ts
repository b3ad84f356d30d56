import { describe, expect, it } from 'vitest';
import {
  type Finding,
  type JarCheckReport,
  countFindings,
  escapeCell,
  findingAnnotation,
  findingsMarkdownTable,
  findingsTableRows,
  formatFindingLine,
  hasBlockingFindings,
  summarizeReport,
} from '../../src/jar-check/index.js';

const removed: Finding = {
  severity: 'error',
  code: 'FLINK2_REMOVED_API',
  message: 'com.example.Job uses the DataSet API (org.apache.flink.api.java.DataSet), removed in Flink 2.0.',
  location: 'com.example.Job',
  fix: 'Port the batch code to the DataStream API.',
};
const warning: Finding = {
  severity: 'warning',
  code: 'STATE_KRYO',
  message: 'Kryo is used',
  fix: 'Use POJOs.',
};
const info: Finding = { severity: 'info', code: 'PY_NO_JARS', message: 'No JARs', fix: 'Add JARs.' };

describe('formatFindingLine', () => {
  it('puts severity, code, location, message and fix on one line', () => {
    expect(formatFindingLine(removed)).toBe(
      'error FLINK2_REMOVED_API at com.example.Job: com.example.Job uses the DataSet API (org.apache.flink.api.java.DataSet), removed in Flink 2.0. Fix: Port the batch code to the DataStream API.',
    );
    expect(formatFindingLine({ ...warning, message: 'two\nlines' })).toBe(
      'warning STATE_KRYO: two lines Fix: Use POJOs.',
    );
  });
});

describe('findingAnnotation', () => {
  it('maps severities to annotation levels and names the artifact in the title', () => {
    const a = findingAnnotation(removed, 'build/libs/app-1.0.jar');
    expect(a.level).toBe('error');
    expect(a.title).toBe('JAR check FLINK2_REMOVED_API (app-1.0.jar)');
    expect(a.message).toContain('Location: com.example.Job');
    expect(a.message).toContain('Fix: Port the batch code');
    expect(findingAnnotation(warning).level).toBe('warning');
    expect(findingAnnotation(info).level).toBe('notice');
    expect(findingAnnotation(info).title).toBe('JAR check PY_NO_JARS');
  });
});

describe('Markdown table', () => {
  it('escapes pipes, HTML and line breaks', () => {
    expect(escapeCell('a | b <script>alert("x")</script> & c\nd')).toBe(
      'a \\| b &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; c<br>d',
    );
  });

  it('renders rows with escaped cells', () => {
    const { rows, omitted } = findingsTableRows([{ ...removed, message: 'uses Map<K|V>' }]);
    expect(omitted).toBe(0);
    expect(rows[0]).toEqual([
      '❌ error',
      '`FLINK2_REMOVED_API`',
      '`com.example.Job`',
      'uses Map&lt;K\\|V&gt;',
      'Port the batch code to the DataStream API.',
    ]);
  });

  it('caps the rows and counts the rest', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ ...warning, location: `c${i}` }));
    const table = findingsMarkdownTable(many, 5);
    const lines = table.split('\n');
    expect(lines).toHaveLength(2 + 5 + 1);
    expect(lines[0]).toBe('| Severity | Code | Where | Finding | Fix |');
    expect(lines.at(-1)).toContain('… and 25 more findings');
    expect(findingsTableRows(many, 5).omitted).toBe(25);
  });

  it('says so when there is nothing to show', () => {
    expect(findingsMarkdownTable([])).toBe('_No findings._');
  });
});

describe('report summary', () => {
  const report = (findings: Finding[]): JarCheckReport => ({
    kind: 'jar',
    findings,
    stats: { entries: 20000, classes: 19000, bytes: 200 * 1024 * 1024, durationMs: 1234 },
  });

  it('counts findings and says whether the upgrade is blocked', () => {
    expect(countFindings([removed, warning, warning, info])).toEqual({ error: 1, warning: 2, info: 1 });
    expect(hasBlockingFindings(report([removed, warning]))).toBe(true);
    expect(hasBlockingFindings(report([warning, info]))).toBe(false);
  });

  it('summarizes in one line', () => {
    expect(summarizeReport(report([removed, warning]))).toBe(
      'JAR check: 1 error, 1 warning (20000 entries, 19000 classes, 200.0 MiB, 1.2 s)',
    );
    expect(summarizeReport(report([info]))).toBe(
      'JAR check: no problems found (20000 entries, 19000 classes, 200.0 MiB, 1.2 s)',
    );
  });
});

describe('finding codes', () => {
  it('documents every code the check can emit in FINDING_CODES', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { FINDING_CODES } = await import('../../src/jar-check/index.js');
    const dir = new URL('../../src/jar-check/', import.meta.url);
    const emitted = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(new URL(file, dir), 'utf8').matchAll(/\bcode: '([A-Z0-9_]+)'/g))
        emitted.add(m[1] as string);
      for (const m of readFileSync(new URL(file, dir), 'utf8').matchAll(/\brisk\(\s*'([A-Z0-9_]+)'/g))
        emitted.add(m[1] as string);
    }
    expect(emitted.size).toBeGreaterThan(15);
    for (const code of emitted) expect(Object.keys(FINDING_CODES)).toContain(code);
  });
});
