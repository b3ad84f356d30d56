/** The deployment record's keeper (src/pipeline/record-keeper.ts) over a store in memory. */
import { describe, expect, it } from 'vitest';
import { scaledClock } from '../../src/clock.js';
import type { DeploymentRecord } from '../../src/pipeline/deployment-record.js';
import { Finished } from '../../src/pipeline/finished.js';
import { RECENT_READ_MS, RecordKeeper, type RecordStore } from '../../src/pipeline/record-keeper.js';

const NOW = Date.UTC(2026, 11, 1);

/** A store in memory; `afterWrite` runs once after the next write (another run writing meanwhile). */
function memoryStore(initial?: DeploymentRecord): RecordStore & {
  current?: DeploymentRecord;
  writes: DeploymentRecord[];
  afterWrite?: () => void;
  failWrites?: boolean;
  reads: number;
} {
  const store = {
    current: initial,
    writes: [] as DeploymentRecord[],
    afterWrite: undefined as (() => void) | undefined,
    failWrites: false,
    reads: 0,
    readRecord: () => {
      store.reads += 1;
      return Promise.resolve(store.current);
    },
    writeRecord: (record: DeploymentRecord) => {
      if (store.failWrites) return Promise.reject(new Error('TagResource: throttled'));
      store.current = record;
      store.writes.push(record);
      const after = store.afterWrite;
      store.afterWrite = undefined;
      after?.();
      return Promise.resolve();
    },
    clearRecord: () => {
      store.current = undefined;
      return Promise.resolve();
    },
  };
  return store;
}

function keeper(store: RecordStore, warnings: string[] = [], clock = scaledClock(10_000, NOW)): RecordKeeper {
  return new RecordKeeper(store, {
    run: { run: '42', attempt: 1 },
    application: 'orders',
    clock,
    signal: new AbortController().signal,
    warn: (m) => warnings.push(m),
  });
}

const other: DeploymentRecord = {
  run: '7',
  attempt: 1,
  phase: 'bake',
  from: 3,
  to: 4,
  until: NOW + 3_600_000,
};

async function endOf(p: Promise<unknown>): Promise<Finished> {
  try {
    await p;
  } catch (err) {
    if (err instanceof Finished) return err;
    throw err;
  }
  throw new Error('the run was not ended');
}

describe('RecordKeeper', () => {
  it('claims with a conditional write, moves the record on and removes it once settled', async () => {
    const store = memoryStore();
    const k = keeper(store);
    await k.claim({ from: 5, snapshot: 'pre-upgrade-v2-42', until: NOW + 60_000 });
    expect(store.current).toMatchObject({ run: '42', attempt: 1, phase: 'update', from: 5 });
    await k.mark({ phase: 'bake', to: 6 });
    expect(store.current).toMatchObject({ phase: 'bake', to: 6, snapshot: 'pre-upgrade-v2-42' });
    await k.settle(false);
    expect(store.current).toBeDefined();
    await k.settle(true);
    expect(store.current).toBeUndefined();
  });

  it('refuses a claim while another run holds the application, writing nothing', async () => {
    const store = memoryStore(other);
    const end = await endOf(keeper(store).claim({ from: 5, until: NOW + 60_000 }));
    expect(end.result).toBe('failed');
    expect(end.reason).toMatch(/^refused before the update: another deployment is in progress: run 7/);
    expect(store.writes).toEqual([]);
  });

  it('backs off when another run writes over its claim before the read back', async () => {
    const store = memoryStore();
    store.afterWrite = () => {
      store.current = other;
    };
    const end = await endOf(keeper(store).claim({ from: 5, until: NOW + 60_000 }));
    expect(end.reason).toMatch(
      /^another run wrote its deployment record at the same time: superseded by run 7/,
    );
  });

  it('never moves its record over another run’s, and warns when the write fails', async () => {
    const warnings: string[] = [];
    const store = memoryStore();
    const k = keeper(store, warnings);
    await k.claim({ from: 5, until: NOW + 60_000 });
    store.failWrites = true;
    await k.mark({ phase: 'bake' });
    expect(warnings).toEqual(['the deployment record on orders was not updated: TagResource: throttled']);
    store.failWrites = false;
    store.current = other;
    const end = await endOf(k.mark({ phase: 'rollback' }));
    expect(end.reason).toMatch(/^superseded by run 7 .* before this run's rollback phase/);
    expect(store.current).toBe(other);
    expect(await k.supersededBy()).toMatch(/^run 7 \(attempt 1\)/);
    await k.settle(true);
    expect(store.current).toBe(other);
  });

  it('takes a leftover over only while it is still there', async () => {
    const left: DeploymentRecord = { run: '42', attempt: 0, phase: 'bake', from: 3, to: 4, until: NOW };
    const store = memoryStore(left);
    const k = keeper(store);
    expect((await k.verdict()).kind).toBe('leftover');
    k.hold({ ...left, phase: 'rollback', until: NOW + 60_000 });
    await k.takeOver(left);
    expect(store.current).toMatchObject({ run: '42', attempt: 1, phase: 'rollback', from: 3 });

    const gone = memoryStore(other);
    const k2 = keeper(gone);
    k2.hold({ ...left, phase: 'rollback', until: NOW + 60_000 });
    const end = await endOf(k2.takeOver(left));
    expect(end.reason).toMatch(/was taken over meanwhile: superseded by run 7/);
  });

  it('claims on one read before the write and one after (the refusal and the race judged on the same read)', async () => {
    const store = memoryStore();
    await keeper(store).claim({ from: 5, until: NOW + 60_000 });
    expect(store.reads).toBe(2);
    const busy = memoryStore(other);
    await endOf(keeper(busy).claim({ from: 5, until: NOW + 60_000 }));
    expect(busy.reads).toBe(1);
  });

  it('settles on the read made just before (not superseded), and reads again once it is old or a write came after', async () => {
    const clock = scaledClock(100, NOW);
    const store = memoryStore();
    const k = keeper(store, [], clock);
    await k.claim({ from: 5, until: NOW + 60_000 });
    await k.notGreenIfSuperseded();
    const reads = store.reads;
    await k.settle(true);
    expect(store.reads).toBe(reads);
    expect(store.current).toBeUndefined();

    const again = memoryStore();
    const k2 = keeper(again, [], clock);
    await k2.claim({ from: 5, until: NOW + 60_000 });
    await k2.notGreenIfSuperseded();
    await k2.mark({ phase: 'bake' });
    again.current = other; // another run wrote meanwhile, after this run's last read
    await k2.settle(true);
    expect(again.current).toBe(other);

    const late = memoryStore();
    const k3 = keeper(late, [], clock);
    await k3.claim({ from: 5, until: NOW + 60_000 });
    await k3.notGreenIfSuperseded();
    await clock.sleep(RECENT_READ_MS + 1_000, new AbortController().signal);
    late.current = other;
    await k3.settle(true);
    expect(late.current).toBe(other);
  });

  it('does nothing on a platform without a record store', async () => {
    const k = keeper({});
    expect(await k.verdict()).toEqual({ kind: 'none' });
    await k.claim({ from: 5, until: NOW + 60_000 });
    await k.refuseIfSuperseded('anything');
    await k.notGreenIfSuperseded();
    await k.settle(true);
  });
});
