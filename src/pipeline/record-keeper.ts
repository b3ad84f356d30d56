/**
 * One deployment at a time: the deployment record this run keeps on the application
 * (./deployment-record.ts), written, moved on and removed through the platform's record store. It holds
 * the record and nothing else of the run: what it decides is thrown as `Finished` (superseded, refused)
 * or handed to `warn`.
 */
import { describeError } from '../aws/errors.js';
import type { Clock } from '../clock.js';
import {
  RECORD_SETTLE_MS,
  describeRecord,
  judgeRecord,
  sameRecord,
  type DeploymentRecord,
  type RecordVerdict,
} from './deployment-record.js';
import { Finished } from './finished.js';

/** Where the platform keeps the record (MSF: the application's tags); absent methods: no record. */
export interface RecordStore {
  readRecord?(): Promise<DeploymentRecord | undefined>;
  writeRecord?(record: DeploymentRecord): Promise<void>;
  clearRecord?(): Promise<void>;
}

export interface RecordKeeperOptions {
  /** the workflow run and its attempt: the record's identity */
  run: { run: string; attempt: number };
  application: string;
  clock: Clock;
  signal: AbortSignal;
  /** a warning a person must read (a record not moved on or not removed) */
  warn(message: string): void;
}

/**
 * How long (clock ms) a read that found no other run's record still speaks for the application when the
 * run settles: the read of `notGreenIfSuperseded` right before the end is not repeated.
 */
export const RECENT_READ_MS = 5_000;

export class RecordKeeper {
  /** the deployment record this run wrote on the application */
  private record?: DeploymentRecord;
  /** clock ms of the last read that found no other run's record, with no write of this run since */
  private clearReadAt?: number;

  constructor(
    private readonly store: RecordStore,
    private readonly o: RecordKeeperOptions,
  ) {}

  /** What the record found on the application means for this run (none, busy, leftover). */
  async verdict(): Promise<RecordVerdict> {
    if (!this.store.readRecord) return { kind: 'none' };
    return judgeRecord(await this.store.readRecord(), this.o.run, this.o.clock.now());
  }

  /** Holds `record` as this run's (a leftover taken over: written by takeOver). */
  hold(record: Omit<DeploymentRecord, 'run' | 'attempt'>): void {
    this.record = { ...record, ...this.o.run };
  }

  /** Removes the record on the application now (a leftover with nothing left to finish). */
  async clearNow(): Promise<void> {
    await this.store.clearRecord?.();
    this.record = undefined;
  }

  /**
   * Another run's record on the application: this run stops, "superseded by …", before changing
   * anything more (never a re-plan on top of another deployment).
   */
  async refuseIfSuperseded(what: string): Promise<void> {
    const other = await this.supersededBy();
    if (other) {
      throw new Finished(
        'failed',
        `${what}: superseded by ${other}. Nothing of this run was applied; ${this.o.application} is left to that deployment`,
      );
    }
  }

  /** Never green for a version another deployment has taken over meanwhile. */
  async notGreenIfSuperseded(): Promise<void> {
    const other = await this.supersededBy();
    if (other) {
      throw new Finished(
        'failed',
        `superseded by ${other} before this run's version was proven: not reported green; that deployment owns ${this.o.application} now`,
      );
    }
  }

  /** The other deployment now recorded on the application, if it is not this run's. */
  async supersededBy(): Promise<string | undefined> {
    if (!this.store.readRecord) return undefined;
    const readAt = this.o.clock.now();
    const found = await this.store.readRecord().catch(() => undefined);
    if (found && !this.isOwn(found)) return describeRecord(found);
    this.clearReadAt = readAt;
    return undefined;
  }

  /**
   * Writes this run's record right before the update, then reads it back: if another run wrote its own
   * meanwhile, this one backs off with nothing applied. A record that cannot be written stops the run
   * (without it a lost runner would leave an unbaked version that nothing finds).
   */
  async claim(claim: { from: number; snapshot?: string; until: number }): Promise<void> {
    if (!this.store.writeRecord || !this.store.readRecord) return;
    const record: DeploymentRecord = {
      ...this.o.run,
      phase: 'update',
      from: claim.from,
      ...(claim.snapshot ? { snapshot: claim.snapshot } : {}),
      until: claim.until,
    };
    // One read decides both: a busy application refuses (a re-plan claims again: its own record is no
    // obstacle), anything else but none or this run's own is another run's, written meanwhile.
    const claiming = !this.record;
    const other = await this.writeRecordIf(
      record,
      (found) => !found || this.isOwn(found),
      RECORD_SETTLE_MS,
      (found) => {
        if (!claiming) return;
        const before = judgeRecord(found, this.o.run, this.o.clock.now());
        if (before.kind === 'busy')
          throw new Finished('failed', `refused before the update: ${before.reason}`);
      },
    );
    this.record = record;
    if (other !== true) {
      throw new Finished(
        'failed',
        `another run wrote its deployment record at the same time: superseded by ${other ? describeRecord(other) : 'a run that removed this one'}. ` +
          `Nothing of this run was applied; ${this.o.application} is left to that deployment`,
      );
    }
  }

  /**
   * Moves this run's record on (bake, rollback), never over another run's: a record of another run found
   * there stops this run, "superseded by …". A failed call is a warning, the run goes on.
   */
  async mark(patch: Partial<DeploymentRecord>): Promise<void> {
    if (!this.record || !this.store.writeRecord || !this.store.readRecord) return;
    this.record = { ...this.record, ...patch };
    let other: true | DeploymentRecord | undefined;
    try {
      // (no wait before the read back: the application is this run's since its claim, and the operation runs)
      other = await this.writeRecordIf(this.record, (found) => !found || this.isOwn(found), 0);
    } catch (err) {
      if (this.o.signal.aborted) throw err;
      this.o.warn(`the deployment record on ${this.o.application} was not updated: ${describeError(err)}`);
      return;
    }
    if (other !== true && other) {
      throw new Finished(
        'failed',
        `superseded by ${describeRecord(other)} before this run's ${patch.phase ?? 'next'} phase: this run's record was not ` +
          `written over it, and ${this.o.application} is left to that deployment`,
      );
    }
  }

  /**
   * Removes this run's record once the application is `settled` (upgraded and baked, rolled back,
   * unchanged, or failed before the update went out). Kept otherwise, when the new version may be live
   * and unproven, so that the post step or the next run finishes it.
   */
  async settle(settled: boolean): Promise<void> {
    if (!this.record || !this.store.clearRecord || this.o.signal.aborted) return;
    if (!settled) return;
    const recent = this.clearReadAt !== undefined && this.o.clock.now() - this.clearReadAt <= RECENT_READ_MS;
    if (!recent && (await this.supersededBy())) return;
    try {
      await this.store.clearRecord();
      this.record = undefined;
    } catch (err) {
      this.o.warn(`the deployment record on ${this.o.application} was not removed: ${describeError(err)}`);
    }
  }

  /** Writes this run's record over the leftover `left`, only if that is still what is there. */
  async takeOver(left: DeploymentRecord): Promise<void> {
    if (!this.record || !this.store.writeRecord || !this.store.readRecord) return;
    const other = await this.writeRecordIf(
      this.record,
      (found) => sameRecord(found, left) || (found !== undefined && this.isOwn(found)),
      RECORD_SETTLE_MS,
    );
    if (other !== true) {
      this.record = undefined;
      throw new Finished(
        'failed',
        `what ${describeRecord(left)} left was taken over meanwhile: superseded by ` +
          `${other ? describeRecord(other) : 'a run that removed its record'}. Nothing of this run was applied`,
      );
    }
  }

  private isOwn(found: DeploymentRecord): boolean {
    return found.run === this.o.run.run && found.attempt === this.o.run.attempt;
  }

  /**
   * A conditional write of the record (MSF's tagging API has none): read; write only if what is there is
   * `expected`; wait `settleMs` (RECORD_SETTLE_MS when claiming); read back. true: the record written is
   * the one there. Otherwise the record found instead (undefined: none), before the write (nothing
   * written) or after it (another run wrote over it). `inspect` sees the first read before anything is
   * decided (and may end the run).
   */
  private async writeRecordIf(
    record: DeploymentRecord,
    expected: (found: DeploymentRecord | undefined) => boolean,
    settleMs: number,
    inspect?: (found: DeploymentRecord | undefined) => void,
  ): Promise<true | DeploymentRecord | undefined> {
    const before = await this.store.readRecord!();
    inspect?.(before);
    if (!expected(before)) return before;
    this.clearReadAt = undefined;
    await this.store.writeRecord!(record);
    if (settleMs > 0) await this.o.clock.sleep(settleMs, this.o.signal);
    const after = await this.store.readRecord!();
    return sameRecord(after, record) ? true : after;
  }
}
