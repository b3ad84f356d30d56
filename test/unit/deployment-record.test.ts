import { describe, expect, it } from 'vitest';
import {
  judgeRecord,
  recordFromTags,
  recordToTags,
  sameRecord,
  type DeploymentRecord,
} from '../../src/pipeline/deployment-record.js';

const record: DeploymentRecord = {
  run: '100',
  attempt: 1,
  phase: 'bake',
  from: 4,
  to: 5,
  snapshot: 'pre-upgrade-v2-100',
  until: Date.parse('2026-12-01T04:00:00.000Z'),
};

describe('deployment record', () => {
  it('reads back what it writes (tags keep whole milliseconds)', () => {
    const back = recordFromTags(recordToTags(record));
    expect(back).toEqual(record);
    expect(sameRecord(back, record)).toBe(true);
  });

  it('a read back of another run, another phase or none is not the record written', () => {
    expect(sameRecord({ ...record, run: '200' }, record)).toBe(false);
    expect(sameRecord({ ...record, attempt: 2 }, record)).toBe(false);
    expect(sameRecord({ ...record, phase: 'rollback' }, record)).toBe(false);
    expect(sameRecord({ ...record, to: 6 }, record)).toBe(false);
    expect(sameRecord(undefined, record)).toBe(false);
    expect(sameRecord(undefined, undefined)).toBe(true);
  });

  it("another run's record is busy before its deadline and left over after it; an earlier attempt's is left over", () => {
    const now = record.until - 1;
    expect(judgeRecord(record, { run: '200', attempt: 1 }, now).kind).toBe('busy');
    expect(judgeRecord(record, { run: '200', attempt: 1 }, record.until).kind).toBe('leftover');
    expect(judgeRecord(record, { run: '100', attempt: 2 }, now).kind).toBe('leftover');
    expect(judgeRecord(undefined, { run: '100', attempt: 1 }, now).kind).toBe('none');
  });
});
