/**
 * The fault suite's 75 bad input sets: each one is refused before any AWS call (the emulator records
 * none), with one line that names the input. `with` is laid over a good set of inputs (an empty string
 * removes an input, as an absent `with:` entry does); `files` builds the local paths a set needs.
 */
import type { RawInputs } from '../../src/inputs.js';
import { INJECTION_CORPUS } from '../support/runner-commands.js';

export interface BadInput {
  /** the input the refusal must name */
  input: string;
  with: RawInputs;
  /** local files: a path by name, made in the run's folder before the run */
  files?: Record<string, 'missing' | 'folder' | 'empty' | 'text'>;
}

const SHA = 'a'.repeat(64);
/** promotion by key instead of an upload */
const PROMOTE: RawInputs = { artifact: '', key: 'orders/v2/orders-v2.jar' };

export const BAD_INPUTS: readonly BadInput[] = [
  // application-name
  { input: 'application-name', with: { 'application-name': '' } },
  { input: 'application-name', with: { 'application-name': 'orders app' } },
  { input: 'application-name', with: { 'application-name': 'a'.repeat(129) } },
  { input: 'application-name', with: { 'application-name': 'orders/prod' } },
  { input: 'application-name', with: { 'application-name': INJECTION_CORPUS[0] } },
  // artifact
  { input: 'artifact', with: { artifact: 'build/orders.txt' } },
  { input: 'artifact', with: { artifact: 'missing.jar' }, files: { 'missing.jar': 'missing' } },
  { input: 'artifact', with: { artifact: 'folder.jar' }, files: { 'folder.jar': 'folder' } },
  { input: 'artifact', with: { artifact: 'empty.jar' }, files: { 'empty.jar': 'empty' } },
  { input: 'artifact', with: { artifact: 'notes.jar' }, files: { 'notes.jar': 'text' } },
  { input: 'artifact', with: { artifact: 'job.zip' }, files: { 'job.zip': 'text' } },
  { input: 'artifact', with: { artifact: '' } },
  // bucket
  { input: 'bucket', with: { bucket: 'demo..artifacts' } },
  { input: 'bucket', with: { bucket: 'Demo-Artifacts' } },
  { input: 'bucket', with: { bucket: 'ab' } },
  { input: 'bucket', with: { bucket: '192.168.0.1' } },
  { input: 'bucket', with: { bucket: 'artifacts-' } },
  { input: 'bucket', with: { bucket: 'arn:aws:s3:::bad_bucket' } },
  { input: 'bucket', with: { bucket: 'demo.-artifacts' } },
  // key
  { input: 'key', with: { ...PROMOTE, key: '/orders/v2/orders.jar' } },
  { input: 'key', with: { ...PROMOTE, key: 'k'.repeat(1025) } },
  {
    input: 'artifact-sha256',
    with: { ...PROMOTE, key: `orders/${INJECTION_CORPUS[0]}.jar`, 'artifact-sha256': 'abc' },
  },
  // version
  { input: 'version', with: { version: 'v2 beta' } },
  { input: 'version', with: { version: '-v2' } },
  { input: 'version', with: { version: 'v'.repeat(129) } },
  { input: 'version', with: { version: INJECTION_CORPUS[8] } },
  // runtime
  { input: 'runtime', with: { runtime: 'FLINK-1_99' } },
  { input: 'runtime', with: { runtime: 'FLINK-01_20' } },
  { input: 'runtime', with: { runtime: 'SQL-1_0' } },
  { input: 'runtime', with: { runtime: 'FLINK-1.20' } },
  { input: 'runtime', with: { runtime: 'ZEPPELIN-FLINK-3_0' } },
  // snapshot-name
  { input: 'snapshot-name', with: { 'snapshot-name': 'pre upgrade' } },
  { input: 'snapshot-name', with: { 'snapshot-name': 's'.repeat(257) } },
  { input: 'snapshot-name', with: { 'snapshot-name': 'pre/upgrade' } },
  // restore and state
  { input: 'restore', with: { restore: 'latest-snapshot' } },
  { input: 'allow-non-restored-state', with: { 'allow-non-restored-state': 'yes' } },
  { input: 'allow-non-restored-state', with: { 'allow-non-restored-state': 'true', restore: 'none' } },
  // parallelism
  { input: 'parallelism', with: { parallelism: '0' } },
  { input: 'parallelism', with: { parallelism: '-1' } },
  { input: 'parallelism', with: { parallelism: '1.5' } },
  { input: 'parallelism', with: { parallelism: '100001' } },
  // switches and enums
  { input: 'allow-major-upgrade', with: { 'allow-major-upgrade': 'maybe' } },
  { input: 'allow-downgrade', with: { 'allow-downgrade': '1' } },
  { input: 'system-rollback', with: { 'system-rollback': 'disable' } },
  { input: 'dry-run', with: { 'dry-run': 'on' } },
  { input: 'jar-check', with: { 'jar-check': 'lenient' } },
  { input: 'flink-dashboard', with: { 'flink-dashboard': 'on' } },
  { input: 'require-checkpoint', with: { 'require-checkpoint': 'no' } },
  { input: 'rollback', with: { rollback: 'manual' } },
  { input: 'start', with: { start: 'yes' } },
  { input: 'summary', with: { summary: 'off' } },
  // durations and their caps
  { input: 'timeout', with: { timeout: '30d' } },
  { input: 'timeout', with: { timeout: '0' } },
  { input: 'timeout', with: { timeout: '10 minutes' } },
  { input: 'poll-interval', with: { 'poll-interval': '25d' } },
  { input: 'poll-interval', with: { 'poll-interval': '500ms' } },
  { input: 'poll-interval', with: { 'poll-interval': '11m' } },
  { input: 'bake-time', with: { 'bake-time': '2d' } },
  { input: 'bake-time', with: { 'bake-time': '500ms' } },
  { input: 'bake-time', with: { 'bake-time': '1h', timeout: '30m' } },
  { input: 'stabilisation-delay', with: { 'stabilisation-delay': '25h' } },
  { input: 'metrics-lag', with: { 'metrics-lag': 'soon' } },
  { input: 'rollback-timeout', with: { 'rollback-timeout': '2d' } },
  { input: 'rollback-timeout', with: { 'rollback-timeout': '0' } },
  { input: 'max-state-age', with: { 'max-state-age': '30s' } },
  // health gate numbers
  { input: 'metric-period', with: { 'metric-period': '45' } },
  { input: 'metric-period', with: { 'metric-period': '0' } },
  { input: 'max-restarts', with: { 'max-restarts': '-1' } },
  { input: 'max-failed-checkpoints', with: { 'max-failed-checkpoints': '2.5' } },
  { input: 'max-checkpoint-duration-ratio', with: { 'max-checkpoint-duration-ratio': '0' } },
  // promotion
  { input: 'artifact-sha256', with: { 'artifact-sha256': SHA } },
  { input: 'artifact-sha256', with: { ...PROMOTE, 'artifact-sha256': 'sha256:xyz' } },
  { input: 'object-version', with: { 'object-version': '3HL4kqtJlcpXroDTDmJ' } },
  // snapshot retention
  { input: 'keep-snapshots', with: { 'keep-snapshots': '0' } },
  { input: 'keep-snapshots', with: { 'keep-snapshots': '30m' } },
];
