/**
 * Pure: the records of an application seeded through the control endpoint (SeedApplication): created an
 * hour before its oldest snapshot or metric history, one version with MSF's default configuration
 * (or the seed's parallelism, checkpoint interval, snapshot and rollback settings), its snapshots.
 */
import type { SeedApplication } from '../types.js';
import { DEFAULT_CHECKPOINT, DEFAULT_MONITORING, DEFAULT_PARALLELISM, DEFAULT_RESTORE } from './config.js';
import type { AppConfig, AppState, CodeLocation } from './state.js';
import type { ApplicationStatus } from './status-rules.js';

export function seededApplication(
  spec: SeedApplication,
  deps: { now: number; accountId: string; arn: string; code: CodeLocation; conditionalToken: string },
): { app: AppState; config: AppConfig; historyMs: number } {
  const code = deps.code;
  const history = Math.max(0, spec.metricsHistorySeconds ?? 0) * 1000;
  const oldestSnapshot = Math.max(0, ...(spec.snapshots ?? []).map((s) => (s.ageSeconds ?? 0) * 1000));
  const createdAt = deps.now - Math.max(history, oldestSnapshot) - 3_600_000;
  const config: AppConfig = {
    serviceExecutionRole: `arn:aws:iam::${deps.accountId}:role/${spec.name}-service-role`,
    runtime: spec.runtime,
    codeContentType: 'ZIPFILE',
    code,
    snapshotsEnabled: spec.snapshotsEnabled ?? true,
    systemRollbackEnabled: spec.systemRollbackEnabled ?? false,
    parallelism:
      spec.parallelism === undefined
        ? { ...DEFAULT_PARALLELISM }
        : {
            ConfigurationType: 'CUSTOM',
            Parallelism: spec.parallelism,
            ParallelismPerKPU: 1,
            AutoScalingEnabled: false,
          },
    checkpoint:
      spec.checkpointIntervalSeconds === undefined
        ? { ...DEFAULT_CHECKPOINT }
        : {
            ...DEFAULT_CHECKPOINT,
            ConfigurationType: 'CUSTOM',
            CheckpointInterval: spec.checkpointIntervalSeconds * 1000,
          },
    monitoring: { ...DEFAULT_MONITORING },
    restore: { ...DEFAULT_RESTORE },
    allowNonRestoredState: false,
    logStreamArns: [],
  };
  const status: ApplicationStatus = spec.status ?? 'RUNNING';
  const versionId = spec.versionId ?? 1;
  const app: AppState = {
    name: spec.name,
    arn: deps.arn,
    createdAt,
    lastUpdatedAt: createdAt,
    status,
    currentVersion: versionId,
    versions: new Map(),
    snapshots: [],
    operations: [],
  };
  app.versions.set(versionId, {
    versionId,
    config,
    createdAt,
    conditionalToken: deps.conditionalToken,
    status,
  });
  for (const s of spec.snapshots ?? []) {
    app.snapshots.push({
      name: s.name,
      status: s.status ?? 'READY',
      versionId,
      createdAt: deps.now - (s.ageSeconds ?? 0) * 1000,
      runtime: s.runtime ?? spec.runtime,
      system: false,
    });
  }
  app.snapshots.sort((a, b) => a.createdAt - b.createdAt);
  if (spec.metricsLag !== undefined) app.metricsLag = spec.metricsLag;
  return { app, config, historyMs: history };
}
