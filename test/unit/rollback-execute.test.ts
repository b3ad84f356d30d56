/**
 * rollBack and runPost against a scripted MSF client: refusals, failed operations, retries, timeouts
 * and the post step's branches, without a network.
 */
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { scaledClock } from '../../src/clock.js';
import { MemoryLogger } from '../../src/log.js';
import type { PhaseDeps } from '../../src/pipeline/deps.js';
import type { RunState } from '../../src/pipeline/run-state.js';
import type { VersionRef } from '../../src/msf/application.js';
import { parseRunState, renderPostSection, runPost } from '../../src/pipeline/post-run.js';
import { toApplicationView, toVersionRef } from '../../src/msf/application.js';
import { MsfTarget } from '../../src/msf/target.js';
import { createMsfTarget } from '../../src/platforms.js';
import type { RollbackRequest, RollbackResult } from '../../src/msf/rollback-contract.js';
import type { FlinkTarget } from '../../src/pipeline/target.js';
import { differencesFrom, rollBack } from '../../src/msf/rollback.js';

const previous: VersionRef = {
  versionId: 4,
  runtime: 'FLINK-1_20',
  bucketArn: 'arn:aws:s3:::artifacts',
  fileKey: 'v1/job.jar',
};

interface App {
  status: string;
  version: number;
  runtime: string;
  key: string;
  /** ParallelismConfigurationDescription (omitted when absent) */
  parallelism?: {
    ConfigurationType: string;
    Parallelism: number;
    ParallelismPerKPU: number;
    AutoScalingEnabled: boolean;
  };
}

function detail(app: App) {
  return {
    ApplicationName: 'orders',
    ApplicationARN: 'arn:aws:kinesisanalytics:us-east-1:123456789012:application/orders',
    ApplicationStatus: app.status,
    ApplicationVersionId: app.version,
    RuntimeEnvironment: app.runtime,
    ConditionalToken: `token-${app.version}`,
    ApplicationConfigurationDescription: {
      ApplicationCodeConfigurationDescription: {
        CodeContentType: 'ZIPFILE',
        CodeContentDescription: {
          S3ApplicationCodeLocationDescription: { BucketARN: 'arn:aws:s3:::artifacts', FileKey: app.key },
        },
      },
      ...(app.parallelism
        ? {
            FlinkApplicationConfigurationDescription: {
              ParallelismConfigurationDescription: {
                ...app.parallelism,
                CurrentParallelism: app.parallelism.Parallelism,
              },
            },
          }
        : {}),
    },
  };
}

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

type Handler = (input: any) => unknown;

function fakeDeps(handlers: Record<string, Handler>) {
  const calls: { name: string; input: any }[] = [];
  const msf = {
    send: async (command: { constructor: { name: string }; input: unknown }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push({ name, input: command.input });
      const h = handlers[name];
      if (!h) throw new Error(`unexpected call ${name}`);
      return h(command.input);
    },
  };
  const log = new MemoryLogger();
  const clients = { msf, region: 'us-east-1' } as unknown as AwsClients;
  const deps: PhaseDeps & { platform: FlinkTarget } = {
    clients,
    clock: scaledClock(10_000),
    log,
    signal: new AbortController().signal,
    platform: createMsfTarget({ clients, application: 'orders', phase: 'rollback' }),
  };
  return { deps, calls, log };
}

const upgraded: App = { status: 'RUNNING', version: 5, runtime: 'FLINK-2_2', key: 'v2/job.jar' };
const snapshots = {
  SnapshotSummaries: [
    {
      SnapshotName: 'pre-upgrade-42',
      SnapshotStatus: 'READY',
      RuntimeEnvironment: 'FLINK-1_20',
      ApplicationVersionId: 4,
      SnapshotCreationTimestamp: new Date(1_000),
    },
  ],
};

function request(deps: PhaseDeps, deadlineMs = 10 * 60_000) {
  return {
    application: 'orders',
    previous,
    preUpgradeSnapshot: { name: 'pre-upgrade-42' },
    reason: 'health gate: numRestarts rose from 0 to 4 in 3m (max-restarts 0)',
    deadline: deps.clock.now() + deadlineMs,
    pollIntervalMs: 1_000,
  };
}

describe('rollBack with a scripted MSF', () => {
  it('RollbackApplication refused: no further changes, the state and the way out', async () => {
    const { deps, calls } = fakeDeps({
      DescribeApplication: () => ({ ApplicationDetail: detail(upgraded) }),
      ListApplicationSnapshots: () => snapshots,
      RollbackApplication: () => {
        throw awsError(
          'ResourceInUseException',
          'Application orders is in RUNNING status and cannot be rolled back now.',
        );
      },
    });
    const result = await rollBack(deps, request(deps));
    expect(result.outcome).toBe('failed');
    expect(result.path).toBe('rollback-application');
    expect(result.message).toMatch(
      /^Rollback of orders failed: RollbackApplication was refused: ResourceInUseException: Application orders is in RUNNING status and cannot be rolled back now\. No further changes were made\. orders is RUNNING on application version 5, runtime FLINK-2_2, code s3:\/\/artifacts\/v2\/job\.jar\. To return it to version 4, runtime FLINK-1_20, code s3:\/\/artifacts\/v1\/job\.jar from snapshot pre-upgrade-42 \(taken [^)]* ago, [^)]*\), the best known rollback point, run:\n {2}aws kinesisanalyticsv2 stop-application/,
    );
    expect(result.manualSteps).toHaveLength(3);
    expect(
      calls.map((c) => c.name).filter((n) => !n.startsWith('Describe') && !n.startsWith('List')),
    ).toEqual(['RollbackApplication']);
  });

  it('the rollback operation fails: reports the error and where the application is', async () => {
    let app = upgraded;
    const { deps } = fakeDeps({
      DescribeApplication: () => ({ ApplicationDetail: detail(app) }),
      ListApplicationSnapshots: () => snapshots,
      RollbackApplication: () => {
        app = { ...upgraded, status: 'READY', version: 6, runtime: 'FLINK-1_20', key: 'v1/job.jar' };
        return { OperationId: 'op-rb', ApplicationDetail: detail(upgraded) };
      },
      DescribeApplicationOperation: () => ({
        ApplicationOperationInfoDetails: {
          Operation: 'RollbackApplication',
          OperationStatus: 'FAILED',
          OperationFailureDetails: {
            ErrorInfo: { ErrorString: 'Failed to restore state from snapshot ss-1' },
          },
        },
      }),
    });
    const result = await rollBack(deps, request(deps));
    expect(result.outcome).toBe('failed');
    expect(result.operationId).toBe('op-rb');
    expect(result.message).toMatch(
      /the RollbackApplication operation op-rb ended FAILED: Failed to restore state from snapshot ss-1\./,
    );
    expect(result.message).toMatch(/orders is READY on application version 6, runtime FLINK-1_20/);
    expect(result.manualSteps?.[0]).toMatch(/^aws kinesisanalyticsv2 update-application /);
    expect([result.applicationStatus, result.versionId]).toEqual(['READY', 6]);
  });

  it('retries RollbackApplication with a fresh version after ConcurrentModificationException', async () => {
    let app = upgraded;
    let attempts = 0;
    const { deps, calls } = fakeDeps({
      DescribeApplication: () => ({ ApplicationDetail: detail(app) }),
      ListApplicationSnapshots: () => snapshots,
      RollbackApplication: (input) => {
        attempts += 1;
        if (attempts === 1) {
          app = { ...upgraded, version: 6 };
          throw awsError('ConcurrentModificationException', 'version changed');
        }
        expect(input.CurrentApplicationVersionId).toBe(6);
        app = { status: 'RUNNING', version: 7, runtime: 'FLINK-1_20', key: 'v1/job.jar' };
        return { OperationId: 'op-rb' };
      },
      DescribeApplicationOperation: () => ({
        ApplicationOperationInfoDetails: { Operation: 'RollbackApplication', OperationStatus: 'SUCCESSFUL' },
      }),
    });
    const result = await rollBack(deps, request(deps));
    expect(result.outcome, result.message).toBe('rolled-back');
    expect(
      calls.filter((c) => c.name === 'RollbackApplication').map((c) => c.input.CurrentApplicationVersionId),
    ).toEqual([5, 6]);
  });

  it('a successful operation that does not land on the previous version is a failure', async () => {
    let app = upgraded;
    const { deps } = fakeDeps({
      DescribeApplication: () => ({ ApplicationDetail: detail(app) }),
      ListApplicationSnapshots: () => snapshots,
      RollbackApplication: () => {
        app = { ...upgraded, version: 6 };
        return { OperationId: 'op-rb' };
      },
      DescribeApplicationOperation: () => ({
        ApplicationOperationInfoDetails: { Operation: 'RollbackApplication', OperationStatus: 'SUCCESSFUL' },
      }),
    });
    const result = await rollBack(deps, request(deps));
    expect(result.outcome).toBe('failed');
    expect(result.message).toMatch(
      /after the rollback orders is RUNNING with runtime FLINK-2_2 \(expected FLINK-1_20\), code key v2\/job\.jar \(expected v1\/job\.jar\), not RUNNING on the previous version/,
    );
  });

  it('a rollback that does not finish by the deadline names what it waited for', async () => {
    const { deps } = fakeDeps({
      DescribeApplication: () => ({ ApplicationDetail: detail(upgraded) }),
      ListApplicationSnapshots: () => snapshots,
      RollbackApplication: () => ({ OperationId: 'op-slow' }),
      DescribeApplicationOperation: () => ({
        ApplicationOperationInfoDetails: { Operation: 'RollbackApplication', OperationStatus: 'IN_PROGRESS' },
      }),
    });
    const result = await rollBack(deps, request(deps, 30_000));
    expect(result.outcome).toBe('failed');
    // the elapsed time is read from a clock 10,000× faster than real time: one slow poll on a busy
    // machine is minutes of it, so only its format is asserted
    expect(result.message).toMatch(
      /failed: timed out after (?:\d+:)?\d\d:\d\d waiting for RollbackApplication operation op-slow of orders; last state: IN_PROGRESS\. Follow it with: aws kinesisanalyticsv2 describe-application-operation --application-name orders --operation-id op-slow\./,
    );
  });

  it('a READY application on the new version takes the named-snapshot path without a stop', async () => {
    let app: App = { ...upgraded, status: 'READY' };
    const { deps, calls } = fakeDeps({
      DescribeApplication: () => ({ ApplicationDetail: detail(app) }),
      ListApplicationSnapshots: () => snapshots,
      UpdateApplication: (input) => {
        expect(input.ConditionalToken).toBe('token-5');
        expect(input.RuntimeEnvironmentUpdate).toBe('FLINK-1_20');
        expect(
          input.ApplicationConfigurationUpdate.ApplicationCodeConfigurationUpdate.CodeContentUpdate
            .S3ContentLocationUpdate,
        ).toEqual({
          FileKeyUpdate: 'v1/job.jar',
        });
        app = { status: 'READY', version: 6, runtime: 'FLINK-1_20', key: 'v1/job.jar' };
        return { ApplicationDetail: detail(app) };
      },
      StartApplication: (input) => {
        expect(input.RunConfiguration.ApplicationRestoreConfiguration).toEqual({
          ApplicationRestoreType: 'RESTORE_FROM_CUSTOM_SNAPSHOT',
          SnapshotName: 'pre-upgrade-42',
        });
        app = { ...app, status: 'RUNNING' };
        return { OperationId: 'op-start' };
      },
      DescribeApplicationOperation: () => ({
        ApplicationOperationInfoDetails: { Operation: 'StartApplication', OperationStatus: 'SUCCESSFUL' },
      }),
    });
    const result = await rollBack(deps, request(deps));
    expect(result.outcome, result.message).toBe('rolled-back');
    expect(result.path).toBe('restore-named-snapshot');
    expect(result.restoredSnapshot).toBe('pre-upgrade-42');
    expect(calls.some((c) => c.name === 'StopApplication' || c.name === 'RollbackApplication')).toBe(false);
  });
});

describe('MsfTarget.rollBack', () => {
  it('is the MSF rollback behind the seam', async () => {
    const { deps, calls } = fakeDeps({
      DescribeApplication: () => ({ ApplicationDetail: detail(upgraded) }),
      ListApplicationSnapshots: () => snapshots,
      RollbackApplication: () => {
        throw awsError('ResourceInUseException', 'Application orders cannot be rolled back now.');
      },
    });
    const target = new MsfTarget({ client: deps.clients.msf, application: 'orders', region: 'us-east-1' });
    const result = await target.rollBack(deps, request(deps));
    expect(result.outcome).toBe('failed');
    expect(result.path).toBe('rollback-application');
    expect(calls.map((c) => c.name)).toContain('RollbackApplication');
  });
});

describe('rollBack restores the parallelism configuration', () => {
  const custom = (parallelism: number, autoScaling = false) => ({
    ConfigurationType: 'CUSTOM',
    Parallelism: parallelism,
    ParallelismPerKPU: 1,
    AutoScalingEnabled: autoScaling,
  });
  const before: App = {
    status: 'RUNNING',
    version: 4,
    runtime: 'FLINK-1_20',
    key: 'v1/job.jar',
    parallelism: custom(2),
  };
  const withParallelism = toVersionRef(toApplicationView(detail(before) as any));

  it('records the configured parallelism in the version it returns to', () => {
    expect(withParallelism.parallelism).toEqual({
      configurationType: 'CUSTOM',
      parallelism: 2,
      parallelismPerKpu: 1,
      autoScalingEnabled: false,
    });
  });

  it('compares it: another parallelism is not the previous version', () => {
    const after = toApplicationView(detail({ ...before, version: 5, parallelism: custom(4, true) }) as any);
    expect(differencesFrom(after, withParallelism)).toEqual([
      'parallelism CUSTOM (4, 1 per KPU, autoscaling on) (expected CUSTOM (2, 1 per KPU, autoscaling off))',
    ]);
    expect(differencesFrom(toApplicationView(detail(before) as any), withParallelism)).toEqual([]);
    const defaults = { ...withParallelism, parallelism: { configurationType: 'DEFAULT' } };
    expect(differencesFrom(after, defaults)).toEqual([
      'parallelism CUSTOM (4, 1 per KPU, autoscaling on) (expected DEFAULT)',
    ]);
  });

  function scripted(previousParallelism: VersionRef['parallelism'], applyParallelism: boolean) {
    let app: App = { ...upgraded, status: 'READY', parallelism: custom(4) };
    const updates: any[] = [];
    const fake = fakeDeps({
      DescribeApplication: () => ({ ApplicationDetail: detail(app) }),
      ListApplicationSnapshots: () => snapshots,
      UpdateApplication: (input) => {
        updates.push(input);
        const p =
          input.ApplicationConfigurationUpdate?.FlinkApplicationConfigurationUpdate
            ?.ParallelismConfigurationUpdate;
        app = {
          status: 'READY',
          version: 6,
          runtime: input.RuntimeEnvironmentUpdate ?? app.runtime,
          key:
            input.ApplicationConfigurationUpdate?.ApplicationCodeConfigurationUpdate?.CodeContentUpdate
              ?.S3ContentLocationUpdate?.FileKeyUpdate ?? app.key,
          parallelism:
            applyParallelism && p
              ? p.ConfigurationTypeUpdate === 'DEFAULT'
                ? {
                    ConfigurationType: 'DEFAULT',
                    Parallelism: 1,
                    ParallelismPerKPU: 1,
                    AutoScalingEnabled: true,
                  }
                : {
                    ConfigurationType: 'CUSTOM',
                    Parallelism: p.ParallelismUpdate,
                    ParallelismPerKPU: p.ParallelismPerKPUUpdate,
                    AutoScalingEnabled: p.AutoScalingEnabledUpdate,
                  }
              : app.parallelism,
        };
        return { ApplicationDetail: detail(app) };
      },
      StartApplication: () => {
        app = { ...app, status: 'RUNNING' };
        return { OperationId: 'op-start' };
      },
      DescribeApplicationOperation: () => ({
        ApplicationOperationInfoDetails: { Operation: 'StartApplication', OperationStatus: 'SUCCESSFUL' },
      }),
    });
    const req = { ...request(fake.deps), previous: { ...previous, parallelism: previousParallelism } };
    return { ...fake, updates, req };
  }

  it('the named-snapshot path sends the previous parallelism back in UpdateApplication', async () => {
    const { deps, updates, req } = scripted(withParallelism.parallelism, true);
    const result = await rollBack(deps, req);
    expect(result.outcome, result.message).toBe('rolled-back');
    expect(result.path).toBe('restore-named-snapshot');
    expect(updates).toHaveLength(1);
    expect(
      updates[0].ApplicationConfigurationUpdate.FlinkApplicationConfigurationUpdate
        .ParallelismConfigurationUpdate,
    ).toEqual({
      ConfigurationTypeUpdate: 'CUSTOM',
      ParallelismUpdate: 2,
      ParallelismPerKPUUpdate: 1,
      AutoScalingEnabledUpdate: false,
    });
  });

  it('returns a DEFAULT configuration by its type only', async () => {
    const { deps, updates, req } = scripted({ configurationType: 'DEFAULT' }, true);
    const result = await rollBack(deps, req);
    expect(result.outcome, result.message).toBe('rolled-back');
    expect(
      updates[0].ApplicationConfigurationUpdate.FlinkApplicationConfigurationUpdate
        .ParallelismConfigurationUpdate,
    ).toEqual({ ConfigurationTypeUpdate: 'DEFAULT' });
  });

  it('a rollback that leaves the new parallelism in place is not reported as done', async () => {
    const { deps, req } = scripted(withParallelism.parallelism, false);
    const result = await rollBack(deps, req);
    expect(result.outcome).toBe('failed');
    expect(result.message).toMatch(
      /with parallelism CUSTOM \(4, 1 per KPU, autoscaling off\) \(expected CUSTOM \(2,/,
    );
  });

  it('only parallelism differs: updates it back without touching runtime or code', async () => {
    const { deps, updates, req } = scripted(withParallelism.parallelism, true);
    // the upgrade changed nothing but parallelism: the previous runtime and code are the current ones
    const result = await rollBack(deps, {
      ...req,
      previous: { ...req.previous, runtime: 'FLINK-2_2', fileKey: 'v2/job.jar' },
    });
    expect(result.outcome, result.message).toBe('rolled-back');
    expect(updates).toHaveLength(1);
    expect(updates[0].RuntimeEnvironmentUpdate).toBeUndefined();
    expect(updates[0].ApplicationConfigurationUpdate.ApplicationCodeConfigurationUpdate).toBeUndefined();
    expect(
      updates[0].ApplicationConfigurationUpdate.FlinkApplicationConfigurationUpdate
        .ParallelismConfigurationUpdate.ParallelismUpdate,
    ).toBe(2);
  });
});

describe('runPost', () => {
  const inputs = { rollback: 'auto' as const, rollbackTimeoutMs: 60_000, pollIntervalMs: 1_000 };

  it('does nothing without a saved state', async () => {
    const { deps, calls } = fakeDeps({});
    const outcome = await runPost(undefined, inputs, deps);
    expect(outcome.action).toBe('nothing');
    expect(outcome.summary).toBeUndefined();
    expect(calls).toHaveLength(0);
  });

  it('does nothing but log when the run has a result', async () => {
    const { deps, calls, log } = fakeDeps({});
    const state: RunState = { application: 'orders', phase: 'done', previous, result: 'rolled-back' };
    const outcome = await runPost(state, inputs, deps);
    expect(outcome.action).toBe('nothing');
    expect(log.text()).toContain('post: the run of orders finished (rolled-back); nothing to do');
    expect(calls).toHaveLength(0);
  });

  it('a run cancelled before the update changed nothing', async () => {
    const { deps, calls } = fakeDeps({});
    const outcome = await runPost(
      { application: 'orders', phase: 'snapshot', snapshotName: 'pre-upgrade-42' },
      inputs,
      deps,
    );
    expect(outcome.action).toBe('nothing');
    expect(outcome.summary).toBe(
      '### Cancelled: orders unchanged\n\nThe run was cancelled during snapshot, before orders was changed; nothing to roll back. Snapshot pre-upgrade-42 is kept.\n',
    );
    expect(calls).toHaveLength(0);
  });

  it('cannot roll back without the previous version, and says where the application is', async () => {
    const { deps } = fakeDeps({ DescribeApplication: () => ({ ApplicationDetail: detail(upgraded) }) });
    const outcome = await runPost(
      { application: 'orders', phase: 'operation', operationId: 'op-1' },
      inputs,
      deps,
    );
    expect(outcome.action).toBe('left-as-is');
    expect(outcome.message).toMatch(
      /during the operation phase \(operation op-1\).*orders is RUNNING on application version 5, runtime FLINK-2_2/,
    );
  });

  it('reports a failed rollback with the commands in the summary', async () => {
    const { deps } = fakeDeps({
      DescribeApplication: () => ({ ApplicationDetail: detail(upgraded) }),
      ListApplicationSnapshots: () => ({ SnapshotSummaries: [] }),
    });
    const outcome = await runPost({ application: 'orders', phase: 'bake', previous }, inputs, deps);
    expect(outcome.action).toBe('rollback-failed');
    expect(outcome.summary).toMatch(/^### Cancelled: rollback of orders failed\n/);
    expect(outcome.summary).toContain(
      '```sh\naws kinesisanalyticsv2 stop-application --application-name orders --force\n',
    );
  });

  it('rolls back through the target it is given', async () => {
    const { deps, calls } = fakeDeps({});
    const requests: RollbackRequest[] = [];
    const target = {
      platform: 'a Flink cluster',
      application: 'orders',
      rollBack: async (_deps: PhaseDeps, req: RollbackRequest): Promise<RollbackResult> => {
        requests.push(req);
        return { outcome: 'rolled-back', path: 'restore-named-snapshot', message: 'orders is back' };
      },
    } as unknown as FlinkTarget;
    const outcome = await runPost(
      { application: 'orders', phase: 'bake', previous, snapshotName: 'pre-upgrade-42' },
      inputs,
      { ...deps, platform: target },
    );
    expect(outcome.action).toBe('rolled-back');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      application: 'orders',
      previous,
      preUpgradeSnapshot: { name: 'pre-upgrade-42' },
    });
    expect(calls).toHaveLength(0);
  });

  it('parses the saved state defensively', () => {
    expect(parseRunState(undefined)).toBeUndefined();
    expect(parseRunState('')).toBeUndefined();
    expect(parseRunState('{not json')).toBeUndefined();
    expect(parseRunState('{"phase":"bake"}')).toBeUndefined();
    expect(
      parseRunState(JSON.stringify({ application: 'orders', phase: 'bake', previous }))?.previous,
    ).toEqual(previous);
  });

  it('escapes the summary text', () => {
    expect(renderPostSection('a <b>', ['x & y'])).toBe('### a &lt;b&gt;\n\nx &amp; y\n');
  });
});
