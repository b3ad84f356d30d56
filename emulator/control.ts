/**
 * EmulatorControl: what tests (in process) and the HTTP control endpoint (`POST /_emulator/<method>`,
 * JSON body = the method's argument) use to reset, seed, inject faults and inspect the emulator.
 */
import type { Clock } from '../src/clock.js';
import type { MetricStore } from './cloudwatch/store.js';
import type { Faults } from './faults.js';
import type { S3Store } from './s3/store.js';
import type {
  BehaviourRule,
  EnterStatusSpec,
  FaultSpec,
  MetricsLagSpec,
  MsfControlPlaneApi,
  RecordedCall,
  SeedObject,
  SeedSpec,
} from './types.js';

export interface EmulatorStateView {
  applications: unknown;
  buckets: unknown;
  metrics: unknown;
  faults: unknown;
}

export interface EmulatorControl {
  reset(): void;
  seed(spec: SeedSpec): Promise<void>;
  setJobBehaviour(rule: BehaviourRule): void;
  /** a RUNNING application enters AUTOSCALING or MAINTENANCE for a while, then is RUNNING again */
  enterStatus(spec: EnterStatusSpec): void;
  /** when an application's job datapoints become visible in CloudWatch */
  setMetricsLag(spec: { application: string; lag: MetricsLagSpec }): void;
  /** the first datapoint of an application's metric above a value since a time, and when it became visible */
  firstSign(query: {
    application: string;
    metricName: string;
    above: number;
    fromMs: number;
  }): { timestamp: number; visibleAt: number } | undefined;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  calls(): RecordedCall[];
  describe(): EmulatorStateView;
}

export interface ControlDeps {
  clock: Clock;
  s3: S3Store;
  metrics: MetricStore;
  msf: MsfControlPlaneApi;
  faults: Faults;
  calls: RecordedCall[];
}

function objectBody(o: SeedObject): Buffer {
  if (o.bodyBase64 !== undefined) return Buffer.from(o.bodyBase64, 'base64');
  if (typeof o.body === 'string') return Buffer.from(o.body, 'utf8');
  if (o.body instanceof Uint8Array) return Buffer.from(o.body);
  throw new Error(`seed: object '${o.key}' needs body (utf8 text or bytes) or bodyBase64`);
}

export function createControl(deps: ControlDeps): EmulatorControl {
  return {
    reset() {
      deps.msf.reset();
      deps.s3.reset();
      deps.metrics.reset();
      deps.faults.clear();
      deps.calls.length = 0;
    },
    async seed(spec) {
      for (const b of spec.buckets ?? []) {
        if (!deps.s3.hasBucket(b.name)) deps.s3.createBucket(b.name);
        if (b.versioning !== undefined) deps.s3.setVersioning(b.name, b.versioning);
        for (const o of b.objects ?? []) deps.s3.putObject(b.name, o.key, objectBody(o));
      }
      for (const app of spec.applications ?? []) await deps.msf.seedApplication(app);
    },
    setJobBehaviour(rule) {
      deps.msf.setJobBehaviour(rule);
    },
    enterStatus(spec) {
      deps.msf.enterStatus(spec);
    },
    setMetricsLag(spec) {
      deps.msf.setMetricsLag(spec);
    },
    firstSign(q) {
      return deps.metrics.firstAbove(
        'AWS/KinesisAnalytics',
        q.metricName,
        [{ Name: 'Application', Value: q.application }],
        q.above,
        q.fromMs,
      );
    },
    injectFault(fault) {
      deps.faults.inject(fault);
    },
    clearFaults() {
      deps.faults.clear();
    },
    calls() {
      return deps.calls.map((c) => ({ ...c }));
    },
    describe() {
      return {
        applications: deps.msf.describeState(),
        buckets: deps.s3.describe(),
        metrics: deps.metrics.describe(),
        faults: deps.faults.list(),
      };
    },
  };
}

/** The methods the HTTP control endpoint exposes, with whether they take an argument. */
export const CONTROL_METHODS: Record<keyof EmulatorControl, boolean> = {
  reset: false,
  seed: true,
  setJobBehaviour: true,
  enterStatus: true,
  setMetricsLag: true,
  firstSign: true,
  injectFault: true,
  clearFaults: false,
  calls: false,
  describe: false,
};
