/**
 * The action's inputs: one table of names, one zod schema, one typed `Inputs`. Pure: raw strings in
 * (as `core.getInput` or the CLI gives them), a typed object or a one-line `InputError` out.
 *
 * `zod/mini`: the classic API bundled 455 KB whatever was used and built its schema classes when
 * loaded, before the action's first AWS request.
 */
import * as z from 'zod/mini';
import { bucketNameFromArn } from './aws/s3-arn.js';
import type { HealthSettings } from './health/contract.js';
import { formatDuration, parseDuration } from './duration.js';
import { SNAPSHOT_LIMIT } from './msf/quotas.js';
import { FLINK_RUNTIMES, parseRuntime } from './msf/runtime.js';
import type { FlinkSettings } from './flink/settings.js';

export const INPUT_NAMES = [
  'application-name',
  'artifact',
  'bucket',
  'key',
  'version',
  'runtime',
  'snapshot-name',
  'restore',
  'allow-non-restored-state',
  'parallelism',
  'allow-major-upgrade',
  'allow-downgrade',
  'system-rollback',
  'timeout',
  'poll-interval',
  'dry-run',
  'artifact-sha256',
  'jar-check',
  'bake-time',
  'stabilisation-delay',
  'metric-period',
  'metrics-lag',
  'flink-dashboard',
  'max-restarts',
  'max-failed-checkpoints',
  'require-checkpoint',
  'max-checkpoint-duration-ratio',
  'rollback',
  'rollback-timeout',
  'max-state-age',
  'start',
  'summary',
  'github-token',
  'keep-snapshots',
  'object-version',
  'platform',
  'flink-url',
  'flink-target-url',
  'flink-headers',
  'job-name',
  'job-id',
  'savepoint-dir',
  'upgrade-mode',
  'entry-class',
  'program-args',
  'previous-artifact',
  'previous-entry-class',
  'previous-program-args',
] as const;

/** Where the job runs: Managed Service for Apache Flink, or a self-managed cluster through its REST API. */
export type Platform = 'msf' | 'flink';

export type InputName = (typeof INPUT_NAMES)[number];
export type RawInputs = Partial<Record<InputName, string | undefined>>;

export type RestoreMode = 'latest' | 'snapshot' | 'none';

/** How many of our own pre-upgrade snapshots to keep after a healthy upgrade: the newest N, or those younger than an age. */
export type KeepSnapshots = { count: number } | { maxAgeMs: number };

export interface Inputs {
  /** msf (default) or flink (a self-managed cluster) */
  platform: Platform;
  /** the MSF application; on platform flink, the job's name (or id) for messages */
  applicationName: string;
  /** platform flink: the clusters, the job and how to move it */
  flink?: FlinkSettings;
  /** local path of the JAR or Python zip; absent when promoting an object already in S3 */
  artifact?: string;
  /** bucket name; absent = the bucket the application runs its code from today */
  bucket?: string;
  /** explicit key; absent = `<application>/<version>/<file name>` */
  key?: string;
  version: string;
  /** target runtime; absent = unchanged */
  runtime?: string;
  snapshotName: string;
  restore: RestoreMode;
  allowNonRestoredState: boolean;
  parallelism?: number;
  allowMajorUpgrade: boolean;
  allowDowngrade: boolean;
  systemRollback: 'enable' | 'keep';
  timeoutMs: number;
  pollIntervalMs: number;
  dryRun: boolean;
  /** lower-case hex; promotion by key */
  artifactSha256?: string;
  jarCheck: 'strict' | 'warn' | 'off';
  health: HealthSettings;
  rollback: 'auto' | 'never';
  rollbackTimeoutMs: number;
  /** refuse to restore a snapshot older than this (upgrade or rollback); 0 = no limit */
  maxStateAgeMs: number;
  /** start an application that is READY (stopped) after its upgrade; false leaves it READY */
  start: boolean;
  summary: boolean;
  /** token for the GitHub deployment status (the workflow's own token by default); never logged */
  githubToken?: string;
  /** absent = keep every snapshot */
  keepSnapshots?: KeepSnapshots;
  /** with key: the S3 VersionId of the object to promote (verified, then deployed) */
  objectVersion?: string;
  /** who is deploying, for the deployment record: the workflow run and its attempt (the CLI: a time stamp) */
  run: { id: string; attempt: number };
}

/** Where defaults come from (GitHub's environment in the action, the same variables or flags in the CLI). */
export interface InputContext {
  /** `tag` or `branch` (GITHUB_REF_TYPE) */
  refType?: string;
  /** GITHUB_REF_NAME */
  refName?: string;
  /** GITHUB_SHA */
  sha?: string;
  /** GITHUB_RUN_ID */
  runId?: string;
  /** GITHUB_RUN_ATTEMPT */
  runAttempt?: string;
  /** epoch ms, used for the snapshot name when there is no run id */
  now?: number;
}

export function inputContextFromEnv(env: NodeJS.ProcessEnv, now: number = Date.now()): InputContext {
  return {
    refType: env.GITHUB_REF_TYPE,
    refName: env.GITHUB_REF_NAME,
    sha: env.GITHUB_SHA,
    runId: env.GITHUB_RUN_ID,
    runAttempt: env.GITHUB_RUN_ATTEMPT,
    now,
  };
}

/** A bad input, as one line naming the input and the fix. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly input: string,
    detail: string,
  ) {
    super(`input "${input}": ${detail}`);
  }
}

/** Default of max-state-age: a snapshot older than a day is not restored without consent. */
export const DEFAULT_MAX_STATE_AGE_MS = 24 * 3_600_000;

const SNAPSHOT_NAME = /^[a-zA-Z0-9_.-]{1,256}$/;
const APPLICATION_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
/** S3's rules: 3-63 of a-z 0-9 . -, a letter or digit at each end, no `..`, `.-` or `-.`, not an IP address. */
const BUCKET_NAME = /^(?!\d+\.\d+\.\d+\.\d+$)(?!.*(?:\.\.|\.-|-\.))[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+/-]{0,127}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Replaces every character MSF does not allow in a snapshot name with `-`, and cuts to 256. */
export function sanitiseSnapshotName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_.-]/g, '-').slice(0, 256);
  return cleaned.length > 0 ? cleaned : 'pre-upgrade';
}

/** `v1.2.3` on a tag push, else the short commit SHA. */
export function defaultVersion(ctx: InputContext): string | undefined {
  if (ctx.refType === 'tag' && ctx.refName) return ctx.refName;
  if (ctx.sha) return ctx.sha.slice(0, 7);
  return undefined;
}

export function defaultSnapshotName(version: string, ctx: InputContext): string {
  const attempt = ctx.runAttempt && ctx.runAttempt !== '1' ? `-${ctx.runAttempt}` : '';
  const run = ctx.runId
    ? `${ctx.runId}${attempt}`
    : new Date(ctx.now ?? Date.now()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return sanitiseSnapshotName(`pre-upgrade-${version}-${run}`);
}

// ---- field schemas: each turns a raw string into a value or one issue message --------------------

const text = z.pipe(
  z.optional(z.string()),
  z.transform((v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim())),
);

type Ctx = z.core.ParsePayload;

/** `text`, then `parse` on its value, which may fail with an issue message. */
function textThen<T>(parse: (v: string | undefined, ctx: Ctx) => T) {
  return z.pipe(text, z.transform(parse));
}

function fail(ctx: Ctx, message: string): never {
  ctx.issues.push({ code: 'custom', message, input: ctx.value });
  return z.NEVER;
}

/** Program arguments: blank-separated (quotes group), or a JSON array of strings. */
function programArgs() {
  return textThen((v, ctx) => {
    if (v === undefined) return undefined;
    return (
      parseProgramArgs(v) ??
      fail(
        ctx,
        'expected arguments separated by blanks (\'…\' or "…" for one with blanks) or a JSON array of strings',
      )
    );
  });
}

function optionalMatching(re: RegExp, expected: string, transform: (v: string) => string = (v) => v) {
  return textThen((v, ctx) => {
    if (v === undefined) return undefined;
    const value = transform(v);
    return re.test(value) ? value : fail(ctx, `expected ${expected}, got "${v}"`);
  });
}

function bool(defaultValue: boolean) {
  return textThen((v, ctx) => {
    if (v === undefined) return defaultValue;
    if (v === 'true') return true;
    if (v === 'false') return false;
    return fail(ctx, `expected true or false, got "${v}"`);
  });
}

function oneOf<const T extends readonly string[]>(values: T, defaultValue: T[number]) {
  return textThen((v, ctx): T[number] => {
    if (v === undefined) return defaultValue;
    if ((values as readonly string[]).includes(v)) return v as T[number];
    return fail(ctx, `expected one of ${values.join(', ')}, got "${v}"`);
  });
}

/**
 * The longest duration an input may have: a GitHub job runs at most 6 hours on hosted runners (5 days
 * self-hosted), and Node's timers overflow above 2^31-1 ms (about 24.8 days) into a busy loop.
 */
export const MAX_DURATION_MS = 24 * 3_600_000;
/** Polls further apart than this would miss a whole MSF transition. */
export const MAX_POLL_INTERVAL_MS = 10 * 60_000;

function duration(
  defaultMs: number | undefined,
  opts: { minMs?: number; zeroOk?: boolean; maxMs?: number } = {},
) {
  const maxMs = opts.maxMs ?? MAX_DURATION_MS;
  return textThen((v, ctx): number | undefined => {
    if (v === undefined) return defaultMs;
    const ms = parseDuration(v);
    if (ms === undefined) return fail(ctx, `expected a duration like 90s, 10m or 1h30m, got "${v}"`);
    if (ms > maxMs) return fail(ctx, `must be at most ${formatDuration(maxMs)}, got "${v}"`);
    if (ms === 0 && opts.zeroOk) return 0;
    if (opts.minMs !== undefined && ms < opts.minMs) {
      return fail(
        ctx,
        `must be at least ${formatDuration(opts.minMs)}${opts.zeroOk ? ' (or 0)' : ''}, got "${v}"`,
      );
    }
    return ms;
  });
}

function integer(defaultValue: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER) {
  return textThen((v, ctx): number | undefined => {
    if (v === undefined) return defaultValue;
    if (!/^\d+$/.test(v)) return fail(ctx, `expected a whole number ≥ ${min}, got "${v}"`);
    const n = Number(v);
    if (n < min || n > max) return fail(ctx, `expected a whole number from ${min} to ${max}, got "${v}"`);
    return n;
  });
}

function positiveNumber(defaultValue: number) {
  return textThen((v, ctx): number => {
    if (v === undefined) return defaultValue;
    if (!/^\d+(\.\d+)?$/.test(v) || !(Number(v) > 0))
      return fail(ctx, `expected a number > 0 such as 3 or 2.5, got "${v}"`);
    return Number(v);
  });
}

/** An http(s) URL of a JobManager's REST API (a path prefix is kept, for proxies). */
function restUrl() {
  return textThen((v, ctx) => {
    if (v === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      return fail(ctx, `expected the JobManager's REST address such as http://jobmanager:8081, got "${v}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return fail(ctx, `expected an http:// or https:// address, got "${v}"`);
    if (url.username || url.password)
      return fail(
        ctx,
        'credentials do not belong in the URL (they would be logged); send them with flink-headers',
      );
    if (url.search || url.hash) return fail(ctx, `expected an address without query or fragment, got "${v}"`);
    return url.toString().replace(/\/+$/, '');
  });
}

/** Whether text holds a control character (a tab excepted). */
function hasControlCharacters(text: string): boolean {
  return [...text].some((c) => {
    const code = c.charCodeAt(0);
    return (code < 0x20 && c !== '\t') || code === 0x7f;
  });
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
const RESERVED_HEADERS = new Set([
  'host',
  'content-type',
  'content-length',
  'transfer-encoding',
  'connection',
]);

/** `Name: value` lines (one header a line) → headers; values are secrets (masked by the action). */
export function parseHeaderLines(text: string): { headers: Record<string, string> } | { problem: string } {
  const headers: Record<string, string> = {};
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    // never echo the value: it is a secret
    if (!HEADER_NAME.test(name)) return { problem: `line ${i + 1} is not "Name: value" with a header name` };
    if (RESERVED_HEADERS.has(name.toLowerCase()))
      return { problem: `line ${i + 1}: ${name} is set by the action itself` };
    const value = line.slice(colon + 1).trim();
    if (!value || hasControlCharacters(value))
      return { problem: `line ${i + 1} (${name}): empty or unprintable value` };
    headers[name] = value;
  }
  return { headers };
}

/**
 * Program arguments: a JSON array of strings, or words separated by blanks with '…' or "…" quoting
 * (no shell expansion). Undefined when the text cannot be read (an open quote).
 */
export function parseProgramArgs(text: string): string[] | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      return Array.isArray(parsed) && parsed.every((a) => typeof a === 'string') ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  const args: string[] = [];
  const word = /\s*(?:'([^']*)'|"((?:[^"\\]|\\.)*)"|([^\s'"]+))/gy;
  let current: string | undefined;
  let at = 0;
  while (at < trimmed.length) {
    word.lastIndex = at;
    const m = word.exec(trimmed);
    if (!m) return undefined;
    const blank = /^\s/.test(m[0]);
    if (blank && current !== undefined) {
      args.push(current);
      current = undefined;
    }
    const piece = m[1] ?? (m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]) ?? '';
    current = (current ?? '') + piece;
    at = word.lastIndex;
  }
  if (current !== undefined) args.push(current);
  return args;
}

const JOB_ID = /^[0-9a-f]{32}$/;
const JAVA_CLASS = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

const schema = z
  .object({
    'application-name': textThen((v, ctx) => {
      if (v === undefined) return undefined;
      return APPLICATION_NAME.test(v)
        ? v
        : fail(ctx, `expected 1-128 characters of a-z, A-Z, 0-9, _ . -, got "${v}"`);
    }),
    artifact: textThen((v, ctx) => {
      if (v === undefined) return undefined;
      return /\.(jar|zip)$/i.test(v)
        ? v
        : fail(ctx, `expected the path of a .jar (Java) or .zip (Python) file, got "${v}"`);
    }),
    bucket: textThen((v, ctx) => {
      if (v === undefined) return undefined;
      const name = /^arn:aws[a-z-]*:/.test(v) ? (bucketNameFromArn(v) ?? v) : v;
      return BUCKET_NAME.test(name) ? name : fail(ctx, `expected an S3 bucket name or ARN, got "${v}"`);
    }),
    key: textThen((v, ctx) => {
      if (v === undefined) return undefined;
      if (v.startsWith('/')) return fail(ctx, `an S3 key has no leading "/", got "${v}"`);
      return v.length <= 1024 ? v : fail(ctx, `an S3 key is at most 1024 characters, got ${v.length}`);
    }),
    version: optionalMatching(VERSION, 'a version like v1.2.3 or a commit SHA (letters, digits, . _ + / -)'),
    runtime: textThen((v, ctx) => {
      if (v === undefined) return undefined;
      const value = v.trim().toUpperCase();
      if (FLINK_RUNTIMES.includes(value)) return value;
      // the API takes only its enum's values: FLINK-01_20 or FLINK-1_99 would upload and snapshot, then fail
      const parsed = parseRuntime(value);
      const near = parsed ? `FLINK-${parsed.major}_${parsed.minor}` : undefined;
      return fail(
        ctx,
        `"${v}" is not a runtime of Managed Service for Apache Flink; ` +
          (near && FLINK_RUNTIMES.includes(near) ? `did you mean ${near}? ` : '') +
          `use one of ${FLINK_RUNTIMES.join(', ')}`,
      );
    }),
    'snapshot-name': optionalMatching(SNAPSHOT_NAME, '1-256 characters of a-z, A-Z, 0-9, _ . -'),
    restore: oneOf(['latest', 'snapshot', 'none'] as const, 'latest'),
    'allow-non-restored-state': bool(false),
    parallelism: integer(undefined, 1, 100_000),
    'allow-major-upgrade': bool(false),
    'allow-downgrade': bool(false),
    'system-rollback': oneOf(['enable', 'keep'] as const, 'enable'),
    timeout: duration(30 * 60_000, { minMs: 1000 }),
    'poll-interval': duration(15_000, { minMs: 1000, maxMs: MAX_POLL_INTERVAL_MS }),
    'dry-run': bool(false),
    'artifact-sha256': textThen((v, ctx) => {
      if (v === undefined) return undefined;
      const hex = v.toLowerCase().replace(/^sha256:/, '');
      return SHA256_HEX.test(hex)
        ? hex
        : fail(ctx, `expected 64 hexadecimal characters (the file's SHA-256), got "${v}"`);
    }),
    'jar-check': oneOf(['strict', 'warn', 'off'] as const, 'strict'),
    'bake-time': duration(10 * 60_000, { minMs: 1000, zeroOk: true }),
    'stabilisation-delay': duration(undefined, { zeroOk: true }),
    'metric-period': integer(60, 1, 86_400).check(
      z.refine(
        (p: number | undefined) => p === undefined || [1, 5, 10, 20, 30].includes(p) || p % 60 === 0,
        'CloudWatch periods are 1, 5, 10, 20, 30 or a multiple of 60 seconds (MSF publishes its metrics every minute: use 60 on AWS)',
      ),
    ),
    'metrics-lag': duration(undefined, { zeroOk: true }),
    'flink-dashboard': oneOf(['auto', 'off'] as const, 'auto'),
    'max-restarts': integer(0, 0),
    'max-failed-checkpoints': integer(0, 0),
    'require-checkpoint': bool(true),
    'max-checkpoint-duration-ratio': positiveNumber(3),
    rollback: oneOf(['auto', 'never'] as const, 'auto'),
    'rollback-timeout': duration(20 * 60_000, { minMs: 1000 }),
    'max-state-age': duration(DEFAULT_MAX_STATE_AGE_MS, { minMs: 60_000, zeroOk: true }),
    start: bool(false),
    summary: bool(true),
    'github-token': text,
    'object-version': textThen((v, ctx) => {
      if (v === undefined) return undefined;
      return /^[\x21-\x7e]{1,1024}$/.test(v)
        ? v
        : fail(ctx, `expected an S3 VersionId (the s3-object-version output of the upload), got "${v}"`);
    }),
    platform: oneOf(['msf', 'flink'] as const, 'msf'),
    'flink-url': restUrl(),
    'flink-target-url': restUrl(),
    'flink-headers': textThen((v, ctx) => {
      if (v === undefined) return undefined;
      const parsed = parseHeaderLines(v);
      return 'problem' in parsed
        ? fail(ctx, `expected "Name: value" lines; ${parsed.problem}`)
        : parsed.headers;
    }),
    'job-name': textThen((v, ctx) => {
      if (v === undefined) return undefined;
      return v.length <= 1024 && !hasControlCharacters(v)
        ? v
        : fail(ctx, 'expected the job name as Flink shows it (one line, at most 1024 characters)');
    }),
    'job-id': optionalMatching(JOB_ID, 'a Flink job id (32 hexadecimal digits)', (v) => v.toLowerCase()),
    'savepoint-dir': textThen((v, ctx) => {
      if (v === undefined) return undefined;
      return /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v) || /^\/\S*$/.test(v)
        ? v
        : fail(
            ctx,
            `expected a directory URI both clusters can reach, such as s3://bucket/savepoints or file:///shared/savepoints, got "${v}"`,
          );
    }),
    'upgrade-mode': oneOf(['savepoint', 'stateless'] as const, 'savepoint'),
    'entry-class': optionalMatching(JAVA_CLASS, 'a Java class name such as com.example.Job'),
    'program-args': programArgs(),
    'previous-entry-class': optionalMatching(JAVA_CLASS, 'a Java class name such as com.example.Job'),
    'previous-program-args': programArgs(),
    'previous-artifact': textThen((v, ctx) => {
      if (v === undefined) return undefined;
      return /\.jar$/i.test(v) || /^jar:\S+\.jar$/i.test(v)
        ? v
        : fail(
            ctx,
            `expected the path of the JAR the job runs today, or jar:<id> of one uploaded to the cluster, got "${v}"`,
          );
    }),
    'keep-snapshots': textThen((v, ctx): KeepSnapshots | undefined => {
      if (v === undefined || v.toLowerCase() === 'all') return undefined;
      if (/^\d+$/.test(v)) {
        const count = Number(v);
        return count >= 1 && count <= SNAPSHOT_LIMIT
          ? { count }
          : fail(
              ctx,
              `expected a count from 1 to ${SNAPSHOT_LIMIT} (or an age like 30d, or all), got "${v}"`,
            );
      }
      const ms = parseDuration(v);
      if (ms === undefined) return fail(ctx, `expected a count like 10, an age like 30d, or all, got "${v}"`);
      return ms >= 3_600_000
        ? { maxAgeMs: ms }
        : fail(ctx, `an age must be at least 1h (e.g. 30d), got "${v}"`);
    }),
  })
  .check(
    z.superRefine((v, ctx) => {
      const conflict = (input: InputName, message: string): void => {
        ctx.addIssue({ code: 'custom', path: [input], message });
      };
      if (v.platform === 'flink') {
        if (!v['flink-url'])
          conflict(
            'flink-url',
            "required with platform: flink: the JobManager's REST address of the cluster running the job",
          );
        if (!v['job-name'] && !v['job-id'])
          conflict('job-name', "platform: flink needs job-name (the running job's name) or job-id");
        if (v['job-name'] && v['job-id']) conflict('job-id', 'set job-name or job-id, not both');
        if (!v.artifact) conflict('artifact', 'platform: flink needs artifact, the path of the new JAR');
        else if (!/\.jar$/i.test(v.artifact))
          conflict('artifact', `platform: flink deploys a JAR, got "${v.artifact}"`);
        for (const msfOnly of [
          'bucket',
          'key',
          'runtime',
          'artifact-sha256',
          'object-version',
          'application-name',
          'keep-snapshots',
        ] as const) {
          if (v[msfOnly] !== undefined) {
            conflict(
              msfOnly,
              msfOnly === 'runtime'
                ? "applies to platform: msf; on platform: flink the target cluster's version is the runtime (flink-target-url)"
                : msfOnly === 'keep-snapshots'
                  ? 'applies to platform: msf (its snapshot quota); savepoints on a Flink cluster are not deleted by the action'
                  : 'applies to platform: msf; remove it with platform: flink',
            );
          }
        }
        if (v['allow-non-restored-state'] && v['upgrade-mode'] === 'stateless') {
          conflict(
            'allow-non-restored-state',
            'applies only when restoring state; remove it or use upgrade-mode: savepoint',
          );
        }
      } else {
        if (!v['application-name'])
          conflict(
            'application-name',
            'required: the name of the Managed Service for Apache Flink application',
          );
        for (const flinkOnly of [
          'flink-url',
          'flink-target-url',
          'flink-headers',
          'job-name',
          'job-id',
          'savepoint-dir',
          'entry-class',
          'program-args',
          'previous-artifact',
          'previous-entry-class',
          'previous-program-args',
        ] as const) {
          if (v[flinkOnly] !== undefined)
            conflict(
              flinkOnly,
              'applies to platform: flink (a self-managed cluster); set platform: flink or remove it',
            );
        }
      }
      if (v.platform === 'msf' && !v.artifact && !v.key) {
        conflict(
          'artifact',
          'set artifact (a JAR or Python zip to upload) or key (a build already in S3, optionally with artifact-sha256)',
        );
      }
      if (v['artifact-sha256'] && !v.key) {
        conflict(
          'artifact-sha256',
          'promotion of an uploaded build needs key (the object to promote) as well',
        );
      }
      if (v['object-version'] && (!v.key || v.artifact)) {
        conflict(
          'object-version',
          'applies only when promoting by key without artifact; set key (and remove artifact) or remove object-version',
        );
      }
      if (v['artifact-sha256'] && v.artifact) {
        conflict(
          'artifact-sha256',
          'applies only when promoting by key without artifact; remove artifact or artifact-sha256',
        );
      }
      const bakeMs = v['bake-time'] ?? 0;
      const stabilisationMs = v['stabilisation-delay'] ?? (v['metric-period'] ?? 60) * 1000;
      const timeoutMs = v.timeout ?? 30 * 60_000;
      if (bakeMs > 0 && bakeMs + stabilisationMs >= timeoutMs) {
        // The bake runs inside timeout, after the snapshot and the update: a window that cannot fit would
        // always end at the deadline (an unfinished bake is not a pass) and roll back a good release.
        conflict(
          'bake-time',
          `bake-time ${formatDuration(bakeMs)} after stabilisation-delay ${formatDuration(stabilisationMs)} ` +
            `${v['stabilisation-delay'] === undefined ? '(one metric period) ' : ''}cannot fit in timeout ${formatDuration(timeoutMs)}, ` +
            'which also covers the snapshot and the update; raise timeout or shorten bake-time',
        );
      }
      if (v['allow-non-restored-state'] && v.restore === 'none') {
        conflict(
          'allow-non-restored-state',
          'applies only when restoring state; remove it or use restore: latest or snapshot',
        );
      }
    }),
  );

/** The issue's input name and message as one line. */
function formatIssue(issue: z.core.$ZodIssue): InputError {
  const name = String(issue.path[0] ?? 'inputs');
  return new InputError(name, issue.message);
}

/** Parses raw inputs; throws InputError (one line) for the first bad or conflicting input. */
export function parseInputs(raw: RawInputs, ctx: InputContext = {}): Inputs {
  const result = schema.safeParse(
    Object.fromEntries(INPUT_NAMES.map((n) => [n, raw[n] ?? undefined])) as Record<
      InputName,
      string | undefined
    >,
  );
  if (!result.success) {
    const first = result.error.issues[0];
    throw first ? formatIssue(first) : new InputError('inputs', 'invalid');
  }
  const v = result.data;
  const version = v.version ?? defaultVersion(ctx);
  if (!version) {
    throw new InputError('version', 'no tag or commit SHA to default to; set version (for example v1.2.3)');
  }
  if (!VERSION.test(version)) {
    throw new InputError(
      'version',
      `the default "${version}" is not usable in an S3 key; set version explicitly`,
    );
  }
  const metricPeriodSeconds = v['metric-period'] ?? 60;
  const flink: FlinkSettings | undefined =
    v.platform === 'flink' && v['flink-url']
      ? {
          url: v['flink-url'],
          ...(v['flink-target-url'] ? { targetUrl: v['flink-target-url'] } : {}),
          headers: v['flink-headers'] ?? {},
          ...(v['job-name'] ? { jobName: v['job-name'] } : {}),
          ...(v['job-id'] ? { jobId: v['job-id'] } : {}),
          ...(v['savepoint-dir'] ? { savepointDir: v['savepoint-dir'] } : {}),
          upgradeMode: v['upgrade-mode'],
          ...(v['entry-class'] ? { entryClass: v['entry-class'] } : {}),
          programArgs: v['program-args'] ?? [],
          ...(v.parallelism !== undefined ? { parallelism: v.parallelism } : {}),
          allowNonRestoredState: v['allow-non-restored-state'],
          ...(v['previous-artifact'] ? { previousArtifact: v['previous-artifact'] } : {}),
          ...(v['previous-entry-class'] ? { previousEntryClass: v['previous-entry-class'] } : {}),
          ...(v['previous-program-args'] ? { previousProgramArgs: v['previous-program-args'] } : {}),
        }
      : undefined;
  return {
    platform: v.platform,
    applicationName: v['application-name'] ?? v['job-name'] ?? v['job-id'] ?? '',
    ...(flink ? { flink } : {}),
    artifact: v.artifact,
    bucket: v.bucket,
    key: v.key,
    version,
    runtime: v.runtime,
    snapshotName: v['snapshot-name'] ?? defaultSnapshotName(version, ctx),
    restore: v.restore,
    allowNonRestoredState: v['allow-non-restored-state'],
    parallelism: v.parallelism,
    allowMajorUpgrade: v['allow-major-upgrade'],
    allowDowngrade: v['allow-downgrade'],
    systemRollback: v['system-rollback'],
    timeoutMs: v.timeout ?? 30 * 60_000,
    pollIntervalMs: v['poll-interval'] ?? 15_000,
    dryRun: v['dry-run'],
    artifactSha256: v['artifact-sha256'],
    jarCheck: v['jar-check'],
    health: {
      bakeMs: v['bake-time'] ?? 10 * 60_000,
      stabilisationMs: v['stabilisation-delay'] ?? metricPeriodSeconds * 1000,
      metricPeriodSeconds,
      maxRestarts: v['max-restarts'] ?? 0,
      maxFailedCheckpoints: v['max-failed-checkpoints'] ?? 0,
      requireCheckpoint: v['require-checkpoint'],
      maxCheckpointDurationRatio: v['max-checkpoint-duration-ratio'],
      metricsLagMs: v['metrics-lag'] ?? 3 * metricPeriodSeconds * 1000,
      dashboard: v['flink-dashboard'],
      livePollMs: v['poll-interval'] ?? 15_000,
    },
    rollback: v.rollback,
    rollbackTimeoutMs: v['rollback-timeout'] ?? 20 * 60_000,
    maxStateAgeMs: v['max-state-age'] ?? DEFAULT_MAX_STATE_AGE_MS,
    start: v.start,
    summary: v.summary,
    ...(v['github-token'] ? { githubToken: v['github-token'] } : {}),
    ...(v['keep-snapshots'] ? { keepSnapshots: v['keep-snapshots'] } : {}),
    ...(v['object-version'] ? { objectVersion: v['object-version'] } : {}),
    run: {
      id: ctx.runId ?? `local-${new Date(ctx.now ?? Date.now()).toISOString()}`,
      attempt: Number(ctx.runAttempt) || 1,
    },
  };
}

/** Reads every input through a getter (core.getInput in the action). */
export function readRawInputs(get: (name: InputName) => string): RawInputs {
  return Object.fromEntries(INPUT_NAMES.map((n) => [n, get(n)])) as RawInputs;
}
