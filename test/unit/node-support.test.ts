import { describe, expect, it } from 'vitest';
import { createClients, nodeSupportNote, SDK_MIN_NODE } from '../../src/aws/clients.js';

describe("the AWS SDK's node-version warning", () => {
  it('is one line for a node the SDK will drop, nothing for a supported one', () => {
    expect(nodeSupportNote('v20.20.2')).toBe(
      `note: node v20.20.2: AWS SDK for JavaScript releases after the first week of January 2027 require node >= ${SDK_MIN_NODE}; the action itself runs on node 24`,
    );
    expect(nodeSupportNote('v24.1.0')).toBeUndefined();
    expect(nodeSupportNote('v22.0.0')).toBeUndefined();
  });

  it('is not emitted by the SDK in the middle of the log: making the clients emits no process warning', async () => {
    // vitest.config.ts turns the SDK's warning off for every test file: not here
    const saved = process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    delete process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const seen: string[] = [];
    const onWarning = (w: Error): void => void seen.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      createClients({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.removeListener('warning', onWarning);
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = saved;
    }
    expect(seen.filter((w) => w.includes('NodeVersionSupportWarning'))).toEqual([]);
  });
});
