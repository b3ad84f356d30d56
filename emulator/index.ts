/**
 * startEmulator: one HTTP server speaking the AWS wire protocols of MSF (kinesisanalyticsv2), S3 and
 * CloudWatch, with in-memory state and a control endpoint. See docs/architecture.md.
 */
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../src/clock.js';
import { cloudWatchOperations } from './cloudwatch/service.js';
import { MetricStore } from './cloudwatch/store.js';
import { createControl, type EmulatorControl } from './control.js';
import { Faults } from './faults.js';
import { loadModel } from './model/load.js';
import { MsfControlPlane } from './msf/control-plane.js';
import { createEmulatorServer } from './server.js';
import { S3Service } from './s3/service.js';
import { S3Store } from './s3/store.js';
import type { MetricsLagSpec, RecordedCall, Timings } from './types.js';
import { FlinkEngine } from './engine/flink-engine.js';
import type { EngineKind } from './engine/types.js';

export type { EmulatorControl, EmulatorStateView } from './control.js';
export type { Timings } from './types.js';
export type { EngineKind } from './engine/types.js';

export interface EmulatorOptions {
  /** 0 (default) = any free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** default us-east-1 */
  region?: string;
  /** default 123456789012 */
  accountId?: string;
  /** default systemClock; all durations are in this clock's ms */
  clock?: Clock;
  /** durations of MSF transitions */
  timings?: Partial<Timings>;
  /** how often a running job publishes metrics (default 60, min 1) */
  metricPeriodSeconds?: number;
  /** when the jobs' datapoints become visible in CloudWatch (default `realistic`: 30–150 s at 60 s periods) */
  metricsLag?: MetricsLagSpec;
  /** request log (default: silent) */
  log?: (line: string) => void;
  /**
   * Validate every handler output against the model's output shape and answer 500 when it does not match
   * (tests turn this on so a wrong shape fails them). Mismatches are always collected in `outputErrors`.
   */
  strictOutput?: boolean;
  /**
   * What runs the applications' jobs: `simulated` (default; rules and a modelled job, no Java) or `flink`
   * (each application's JAR on a real Apache Flink cluster of its runtime; needs Java 17 and the Flink
   * versions installed by scripts/flink/install.sh). See emulator/engine/.
   */
  engine?: EngineKind;
}

export interface RunningEmulator {
  /** http://127.0.0.1:PORT — export as AWS_ENDPOINT_URL */
  url: string;
  port: number;
  /** in-process control (same as the HTTP control endpoint) */
  control: EmulatorControl;
  /** handler outputs that did not match the model (see strictOutput) */
  outputErrors: string[];
  stop(): Promise<void>;
}

/** Realistic durations of MSF transitions (ms). */
export const DEFAULT_TIMINGS: Timings = {
  start: 60_000,
  stop: 30_000,
  forceStop: 10_000,
  update: 90_000,
  snapshot: 20_000,
  rollback: 90_000,
  delete: 10_000,
};

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = options.clock ?? systemClock;
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const log = options.log ?? ((): void => {});
  const metricPeriodSeconds = Math.max(1, options.metricPeriodSeconds ?? 60);
  const outputErrors: string[] = [];
  const engine = options.engine ?? 'simulated';
  if (engine === 'flink') {
    const problem = FlinkEngine.check();
    if (problem) throw new Error(problem);
  }
  const onOutputError = (message: string): void => {
    outputErrors.push(message);
    log(message);
  };

  const s3Store = new S3Store(clock);
  const metrics = new MetricStore();
  const msf = new MsfControlPlane({
    clock,
    region,
    accountId,
    timings: { ...DEFAULT_TIMINGS, ...options.timings },
    metricPeriodSeconds,
    s3: s3Store,
    metrics,
    log,
    ...(options.metricsLag !== undefined ? { metricsLag: options.metricsLag } : {}),
    publicUrl: () => baseUrl,
    engine,
  });
  let baseUrl = 'http://127.0.0.1';
  const faults = new Faults();
  const calls: RecordedCall[] = [];
  const control = createControl({ clock, s3: s3Store, metrics, msf, faults, calls });
  const strictOutput = options.strictOutput ?? false;

  const server = createEmulatorServer({
    clock,
    region,
    accountId,
    strictOutput,
    log,
    json: [
      { name: 'kinesisanalyticsv2', model: loadModel('kinesisanalyticsv2'), operations: msf.operations },
      {
        name: 'cloudwatch',
        model: loadModel('cloudwatch'),
        operations: cloudWatchOperations(metrics, clock),
      },
    ],
    s3: new S3Service(s3Store, loadModel('s3'), { strictOutput, region, onOutputError }),
    faults,
    calls,
    control,
    onOutputError,
    dashboard: (method, url, cookie) => msf.dashboardRequest(method, url, cookie),
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    control,
    outputErrors,
    stop() {
      stopped ??= Promise.all([
        msf.close(),
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
      ]).then(() => undefined);
      return stopped;
    },
  };
}
