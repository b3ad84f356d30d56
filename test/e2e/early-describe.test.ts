/**
 * The action's first request, sent before the rest of the action loads (src/early-start.ts,
 * src/msf/early-describe.ts), against the emulator over HTTP: its answer is the one preflight gets, once,
 * while fresh, with no extra call; an error is served as preflight's own request would have met it; no
 * request at all when the inputs are not valid.
 */
import { DescribeApplicationCommand } from '@aws-sdk/client-kinesis-analytics-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { createMsfClient } from '../../src/aws/msf-client.js';
import { actionInput, earlyStart } from '../../src/early-start.js';
import { inputContextFromEnv, parseInputs, readRawInputs } from '../../src/inputs.js';
import { describeEarly, FRESH_MS } from '../../src/msf/early-describe.js';
import { TEST_CREDENTIALS, TEST_REGION } from '../support/emulator.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function seeded(): Promise<Harness> {
  h = await startHarness();
  await h.seedApp({ name: 'orders' });
  await h.seedApp({ name: 'payments' });
  return h;
}

const describes = (t: Harness) =>
  t.emulator.control.calls().filter((c) => c.operation === 'DescribeApplication').length;

const client = () => createMsfClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
const describeApp = (c: ReturnType<typeof client>, name: string) =>
  c.send(new DescribeApplicationCommand({ ApplicationName: name }));

describe('the first request, sent before the action has loaded', () => {
  it('serves its answer to the first DescribeApplication of that application, and only that one', async () => {
    const t = await seeded();
    const msf = client();
    const early = describeEarly(msf, 'orders');
    // on the wire before its answer: the caller loads the rest of the action in between
    const order: string[] = [];
    await Promise.all([
      early.sent.then(() => order.push('sent')),
      early.answered.then(() => order.push('answered')),
    ]);
    expect(order).toEqual(['sent', 'answered']);
    // another application's read goes out as usual and leaves the early answer in place
    expect((await describeApp(msf, 'payments')).ApplicationDetail?.ApplicationName).toBe('payments');
    const first = await describeApp(msf, 'orders');
    expect(first.ApplicationDetail?.ApplicationName).toBe('orders');
    expect(describes(t)).toBe(2);
    // the next read is a request of its own
    await describeApp(msf, 'orders');
    expect(describes(t)).toBe(3);
    msf.destroy();
  });

  it("serves its error like an answer: the one preflight's own request would have met", async () => {
    const t = await seeded();
    const msf = client();
    describeEarly(msf, 'missing');
    await expect(describeApp(msf, 'missing')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(describes(t)).toBe(1);
    msf.destroy();
  });

  it(`sends a new request when the answer is older than ${FRESH_MS / 1000} s`, async () => {
    const t = await seeded();
    const msf = client();
    let now = 1_000_000;
    await describeEarly(msf, 'orders', () => now).answered;
    now += FRESH_MS + 1;
    await describeApp(msf, 'orders');
    expect(describes(t)).toBe(2);
    msf.destroy();
  });

  it('sends nothing for inputs that are not valid, a platform other than MSF or a missing artifact', async () => {
    const t = await seeded();
    const runner = { ...t.env, GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567' };
    const base = { ...runner, 'INPUT_APPLICATION-NAME': 'orders', INPUT_BUCKET: 'flink-artifacts' };
    const jar = { INPUT_ARTIFACT: await t.writeJar('orders.jar', Buffer.from('PK')) };
    const flink = {
      ...jar,
      INPUT_PLATFORM: 'flink',
      'INPUT_JOB-NAME': 'orders',
      'INPUT_FLINK-URL': 'http://127.0.0.1:1',
    };
    // valid inputs (the main step would run them) on another platform
    expect(
      parseInputs(
        readRawInputs((n) => actionInput({ ...runner, ...flink }, n)),
        inputContextFromEnv(runner),
      ).platform,
    ).toBe('flink');
    expect(earlyStart({ ...runner, ...flink })).toBeUndefined();
    expect(earlyStart({ ...base, ...jar, 'INPUT_BAKE-TIME': 'forever' })).toBeUndefined();
    expect(earlyStart({ ...base, INPUT_ARTIFACT: `${t.dir}/absent.jar` })).toBeUndefined();
    expect(
      earlyStart({ ...base, INPUT_ARTIFACT: await t.writeJar('empty.jar', Buffer.alloc(0)) }),
    ).toBeUndefined();
    expect(describes(t)).toBe(0);
    // valid inputs: the request goes out, and preflight's read gets its answer
    const early = earlyStart({ ...base, ...jar, 'INPUT_APPLICATION-NAME': '  orders ' });
    expect(early).toBeDefined();
    expect((await describeApp(early!.msf, 'orders')).ApplicationDetail?.ApplicationName).toBe('orders');
    expect(describes(t)).toBe(1);
    early!.msf.destroy();
  });
});
