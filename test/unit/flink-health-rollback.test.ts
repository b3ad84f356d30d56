/** Self-managed Flink: the health gate's readings of a job, the rollback's cost and manual steps, the run request (pure). */
import { describe, expect, it } from 'vitest';
import { runRequest } from '../../src/flink/deploy.js';
import { createFlinkPlatform, previousRun } from '../../src/flink/platform.js';
import { parseInputs, type RawInputs } from '../../src/inputs.js';
import type { RollbackRequest } from '../../src/pipeline/platform.js';
import { checkpointBaseline, completedCheckpoints, restSample } from '../../src/flink/health-source.js';
import {
  manualRollbackSteps,
  newJobId,
  parsePreviousArtifact,
  rewindText,
} from '../../src/flink/rollback.js';
import type { CheckpointStats, JobDetails } from '../../src/flink/types.js';
import { evaluateRest } from '../../src/health/rest-evaluate.js';

const job = (state: JobDetails['state'] = 'RUNNING'): JobDetails => ({
  jid: 'b'.repeat(32),
  name: 'orders',
  state,
  'start-time': 1000,
  'end-time': -1,
  vertices: [{ id: 'v', name: 'count', parallelism: 2, status: state }],
});
const stats = (completed: number, failed = 0, restored = 1): CheckpointStats => ({
  counts: { restored, total: completed + failed, in_progress: 0, completed, failed },
  history: [
    { id: 3, status: 'COMPLETED', end_to_end_duration: 300, state_size: 10 },
    { id: 2, status: 'FAILED', end_to_end_duration: 5 },
    { id: 1, status: 'COMPLETED', is_savepoint: true, end_to_end_duration: 900 },
    { id: 0, status: 'COMPLETED', end_to_end_duration: 100 },
  ],
  latest: {
    completed: { id: 4, end_to_end_duration: 200, latest_ack_timestamp: 5 },
    failed: null,
    restored: null,
    savepoint: null,
  },
});

describe('health readings from the REST API', () => {
  it('keeps completed checkpoints (not savepoints), oldest first, the latest included', () => {
    expect(completedCheckpoints(stats(3)).map((c) => c.id)).toEqual([0, 3, 4]);
    expect(checkpointBaseline(stats(3))).toBe(200);
    expect(checkpointBaseline(undefined)).toBeUndefined();
  });

  it('reads restarts, checkpoints and the root exception of a looping job', () => {
    const sample = restSample({
      at: 5000,
      job: job('RESTARTING'),
      checkpoints: stats(0),
      exceptions: {
        exceptionHistory: {
          truncated: false,
          entries: [
            {
              exceptionName: 'java.lang.Exception',
              stacktrace:
                'java.lang.Exception: Exception while creating StreamOperatorStateContext.\n\tat x\nCaused by: org.apache.flink.util.StateMigrationException: The new state serializer cannot be incompatible.\n::error::forged',
              timestamp: 4000,
            },
          ],
        },
      },
      metrics: [{ id: 'numRestarts', value: '4' }],
    });
    expect(sample).toMatchObject({
      jobId: 'b'.repeat(32),
      state: 'RESTARTING',
      restarts: 4,
      restored: true,
      startTime: 1000,
    });
    expect(sample.rootException).toContain('StateMigrationException');
    const verdict = evaluateRest({
      samples: [sample],
      thresholds: {
        maxRestarts: 0,
        maxFailedCheckpoints: 0,
        requireCheckpoint: true,
        maxCheckpointDurationRatio: 3,
      },
      startedAt: 0,
      now: 5000,
      stabilisationMs: 1000,
      bakeMs: 60_000,
    });
    expect(verdict.verdict).toMatchObject({ state: 'unhealthy', check: 'restarts' });
  });

  it('counts a job RESTARTING before its counter shows it (the restart delay) as one restart', () => {
    const sample = restSample({
      at: 1,
      job: job('RESTARTING'),
      checkpoints: undefined,
      exceptions: undefined,
      metrics: [{ id: 'numRestarts', value: '0' }],
    });
    expect(sample.restarts).toBe(1);
  });

  it('falls back to fullRestarts (older Flink) and to no counts without checkpointing', () => {
    const sample = restSample({
      at: 1,
      job: job(),
      checkpoints: undefined,
      exceptions: undefined,
      metrics: [{ id: 'fullRestarts', value: '2' }],
    });
    expect(sample).toMatchObject({ restarts: 2, completed: 0, failed: 0, restored: false, history: [] });
  });
});

describe('rollback', () => {
  it('states the rewind window from the savepoint to the cancellation', () => {
    const { text, rewindSeconds } = rewindText({
      savepoint: 'file:///sp/savepoint-1',
      takenAt: Date.UTC(2026, 0, 1, 0, 0, 0),
      stoppedAt: Date.UTC(2026, 0, 1, 0, 1, 30),
    });
    expect(rewindSeconds).toBe(90);
    expect(text).toContain(
      'restored savepoint file:///sp/savepoint-1 taken at 2026-01-01T00:00:00.000Z; rewind 90s',
    );
    expect(text).toContain('duplicates for at-least-once sinks');
    expect(rewindText({ savepoint: 's' }).rewindSeconds).toBeUndefined();
  });

  it('gives manual steps as curl commands without the request headers', () => {
    const steps = manualRollbackSteps({
      sourceUrl: 'http://old:8081',
      targetUrl: 'http://new:8081',
      newJobId: 'c'.repeat(32),
      savepoint: 'file:///sp/savepoint-1',
      previous: { artifact: 'build/my app.jar', programArgs: ['--delay', '20'], parallelism: 2 },
    });
    expect(steps[0]).toBe(`curl -X PATCH 'http://new:8081/jobs/${'c'.repeat(32)}?mode=cancel'`);
    expect(steps[1]).toBe("curl -X POST -F jarfile=@'build/my app.jar' http://old:8081/jars/upload");
    expect(steps[2]).toContain('"savepointPath":"file:///sp/savepoint-1"');
    expect(steps[2]).toContain('"programArgsList":["--delay","20"]');
    expect(
      manualRollbackSteps({
        sourceUrl: 'u',
        targetUrl: 'u',
        savepoint: 's',
        previous: { artifact: 'jar:abc_x.jar', programArgs: [] },
      }),
    ).toEqual([
      `curl -X POST -H 'content-type: application/json' -d '{"savepointPath":"s"}' u/jars/abc_x.jar/run`,
    ]);
  });

  it('reads the previous artifact as a path or a JAR id on the cluster', () => {
    expect(parsePreviousArtifact('jar:abc_orders.jar')).toEqual({ jarId: 'abc_orders.jar' });
    expect(parsePreviousArtifact('build/orders.jar')).toEqual({ path: 'build/orders.jar' });
    expect(newJobId()).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('the run of the previous JAR on a rollback', () => {
  const raw: RawInputs = {
    platform: 'flink',
    'flink-url': 'http://old:8081',
    'job-name': 'orders',
    artifact: 'target/orders-2.jar',
    version: 'v2',
    'entry-class': 'com.example.OrdersV2',
    'program-args': '--schema v2',
    'previous-artifact': 'jar:abc_orders-1.jar',
  };
  const request = (parallelism?: number): RollbackRequest => ({
    application: 'orders',
    previous: {
      application: 'orders',
      status: 'RUNNING',
      liveness: 'running',
      engineVersion: '1.20',
      ...(parallelism ? { parallelism } : {}),
      checkpointsEnabled: true,
      native: { cluster: 'http://old:8081', jobId: 'a'.repeat(32), flinkVersion: '1.20.5' },
    },
    leaveStopped: false,
    reason: 'health gate: unhealthy',
  });
  const runBody = (steps: string[]): string => steps.find((s) => s.includes('/run'))!;

  it('uses previous-entry-class and previous-program-args, never the new JAR’s', () => {
    const platform = createFlinkPlatform(
      parseInputs({
        ...raw,
        'previous-entry-class': 'com.example.OrdersV1',
        'previous-program-args': '--schema v1',
      }),
    );
    const body = runBody(platform.manualSteps(request(3), 'file:///sp/savepoint-1'));
    expect(body).toContain('"entryClass":"com.example.OrdersV1"');
    expect(body).toContain('"programArgsList":["--schema","v1"]');
    expect(body).toContain('"parallelism":3');
    expect(body).not.toContain('OrdersV2');
    expect(
      previousRun(
        { entryClass: 'New', programArgs: ['--new'], previousProgramArgs: [] },
        'old.jar',
        undefined,
      ),
    ).toEqual({ artifact: 'old.jar', entryClass: 'New', programArgs: [] });
  });

  it('runs it with today’s entry-class and program-args when the previous ones are not given', () => {
    const body = runBody(createFlinkPlatform(parseInputs(raw)).manualSteps(request(), 's'));
    expect(body).toContain('"entryClass":"com.example.OrdersV2"');
    expect(body).toContain('"programArgsList":["--schema","v2"]');
  });
});

describe('the run request of the new job', () => {
  const base = {
    jarId: 'j.jar',
    allowNonRestoredState: true,
    programArgs: ['--x'],
    savepointPath: 'file:///sp/1',
  };
  it('restores the savepoint in savepoint mode, with allowNonRestoredState always sent', () => {
    expect(runRequest({ ...base, mode: 'savepoint', parallelism: 3, entryClass: 'a.B' }, 'id')).toEqual({
      jobId: 'id',
      savepointPath: 'file:///sp/1',
      allowNonRestoredState: true,
      entryClass: 'a.B',
      programArgsList: ['--x'],
      parallelism: 3,
    });
  });
  it('starts empty in stateless mode', () => {
    expect(runRequest({ ...base, mode: 'stateless' }, 'id')).toEqual({
      jobId: 'id',
      programArgsList: ['--x'],
    });
  });
});

describe('the health section for a self-managed cluster', () => {
  it("names the JobManager's REST API as the source, and REST reads", async () => {
    const { healthNotes, healthWindow } = await import('../../src/report/health-section.js');
    const gate = {
      verdict: 'healthy' as const,
      series: {},
      startedAt: 0,
      endedAt: 10_000,
      source: 'jobmanager-rest' as const,
      polls: 10,
    };
    expect(healthNotes(gate)[0]).toBe("Decided by the JobManager's REST API (real time)");
    expect(healthWindow(gate)).toContain('10 REST reads');
  });
});
