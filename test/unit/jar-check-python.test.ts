import { describe, expect, it } from 'vitest';
import { type JarCheckReport, checkArtifact } from '../../src/jar-check/index.js';
import { buildJar, buildPythonZip } from '../support/jar-builder.js';
import { useTempDir } from '../support/temp-dir.js';

const tmp = useTempDir('jar-check-py-');

async function check(
  zip: Promise<Buffer>,
  options: { target?: string; kind?: 'python-zip' | 'auto' | 'jar' } = {},
): Promise<JarCheckReport> {
  return checkArtifact(await tmp.writeNew('.zip', zip), {
    targetRuntime: options.target ?? 'FLINK-2_2',
    currentRuntime: 'FLINK-1_20',
    kind: options.kind ?? 'auto',
  });
}
const codes = (r: JarCheckReport): string[] => r.findings.map((f) => `${f.severity}:${f.code}`);

describe('checkArtifact: Python application zips', () => {
  it('detects a Python zip and accepts the expected layout with 2.x connectors', async () => {
    const r = await check(
      buildPythonZip({
        python: ['main.py', 'app/helpers.py'],
        jars: ['lib/flink-sql-connector-kafka-4.0.0-2.0.jar'],
      }),
    );
    expect(r.kind).toBe('python-zip');
    expect(codes(r)).toEqual(['info:PY_BUNDLED_JARS']);
    expect(r.findings[0]?.message).toContain('flink-sql-connector-kafka-4.0.0-2.0.jar');
    expect(r.stats.classes).toBe(0);
  });

  it('accepts the main file in one top-level folder with its lib/ folder', async () => {
    const r = await check(
      buildPythonZip({
        python: ['my-app/main.py'],
        jars: ['my-app/lib/flink-sql-connector-aws-kinesis-streams-6.0.0-2.0.jar'],
      }),
    );
    expect(codes(r)).toEqual(['info:PY_BUNDLED_JARS']);
  });

  it('errors on a 1.x connector JAR on a 2.x target, naming the JAR', async () => {
    const r = await check(
      buildPythonZip({ python: ['main.py'], jars: ['lib/flink-sql-connector-kinesis-4.3.0-1.19.jar'] }),
    );
    const f = r.findings.find((x) => x.code === 'FLINK_CONNECTOR_MISMATCH');
    expect(f?.severity).toBe('error');
    expect(f?.location).toBe('lib/flink-sql-connector-kinesis-4.3.0-1.19.jar');
    expect(f?.message).toContain('built for Flink 1.19');
  });

  it('accepts the same JAR on its own Flink line', async () => {
    const r = await check(
      buildPythonZip({ python: ['main.py'], jars: ['lib/flink-sql-connector-kinesis-4.3.0-1.19.jar'] }),
      { target: 'FLINK-1_19' },
    );
    expect(codes(r)).toEqual(['info:PY_BUNDLED_JARS']);
  });

  it('errors on core Flink JARs bundled in the zip', async () => {
    const r = await check(
      buildPythonZip({ python: ['main.py'], jars: ['lib/flink-streaming-java_2.12-1.15.4.jar'] }),
    );
    expect(codes(r)).toContain('error:FLINK_CORE_BUNDLED');
    expect(r.stats.bundledFlinkVersion).toBe('1.15.4');
  });

  it('warns about JARs outside lib/ and deeply nested Python files', async () => {
    const r = await check(
      buildPythonZip({
        python: ['src/app/pkg/main.py'],
        jars: ['deps/flink-sql-connector-kafka-4.0.0-2.0.jar'],
      }),
    );
    expect(codes(r)).toEqual(['warning:PY_LAYOUT', 'warning:PY_LAYOUT', 'info:PY_BUNDLED_JARS']);
  });

  it('reports a zip without JARs as information only', async () => {
    const r = await check(buildPythonZip({ python: ['main.py'] }));
    expect(codes(r)).toEqual(['info:PY_NO_JARS']);
  });

  it('errors on a zip declared as Python that has no .py file', async () => {
    const r = await check(
      buildPythonZip({ jars: ['lib/flink-sql-connector-kafka-4.0.0-2.0.jar'], files: { 'README.md': 'x' } }),
      { kind: 'python-zip' },
    );
    expect(codes(r)[0]).toBe('error:PY_NO_PYTHON');
  });

  it('treats an archive with class files as a JAR in auto mode, even with .py files', async () => {
    const r = await check(
      buildJar({
        classes: [{ name: 'com/example/Job', major: 61 }],
        files: { 'scripts/tool.py': 'print(1)' },
      }),
    );
    expect(r.kind).toBe('jar');
    expect(r.findings).toEqual([]);
  });
});
