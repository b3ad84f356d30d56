/** The action's outputs, from the run's report. Pure. */
import type { UpgradeReport } from './types.js';

export const OUTPUT_NAMES = [
  'result',
  'reason',
  'application-version-id',
  'previous-application-version-id',
  'runtime',
  'previous-runtime',
  'snapshot-name',
  'operation-id',
  'rollback-operation-id',
  'rollback-snapshot',
  'rewind-seconds',
  's3-bucket',
  's3-key',
  's3-object-version',
] as const;

export type OutputName = (typeof OUTPUT_NAMES)[number];

export function toOutputs(r: UpgradeReport): Record<OutputName, string> {
  const s = (v: string | number | undefined): string => (v === undefined ? '' : String(v));
  return {
    result: r.result,
    reason: r.reason,
    'application-version-id': s(r.applicationVersionId),
    'previous-application-version-id': s(r.previousApplicationVersionId),
    runtime: s(r.runtime),
    'previous-runtime': s(r.previousRuntime),
    'snapshot-name': s(r.snapshotName),
    'operation-id': s(r.operation?.id),
    'rollback-operation-id': s(r.rollbackOperation?.id ?? r.rollback?.operationId),
    'rollback-snapshot': s(
      r.rollback?.cost?.snapshot ?? r.rollback?.restoredSnapshot ?? r.systemRollbackCost?.snapshot,
    ),
    'rewind-seconds': s(r.rollback?.cost?.rewindSeconds ?? r.systemRollbackCost?.rewindSeconds),
    's3-bucket': s(r.s3Bucket),
    's3-key': s(r.s3Key),
    's3-object-version': s(r.s3ObjectVersion),
  };
}

/** Did the release go out? Rolled back and failed runs fail the step. */
export function isFailure(r: UpgradeReport): boolean {
  return r.result === 'failed' || r.result === 'rolled-back';
}
