import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { healthyJobJar } from '../support/jar-builder.js';
import { BUCKET, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

beforeEach(() => {
  h.emulator.control.reset();
});

const KEY = 'orders/v2/orders.jar';
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Two versions under one key in a versioned bucket: the tested build, then a later overwrite. */
async function seedTwoVersions() {
  await h.seedApp({ name: 'orders' }, { versioning: true });
  const tested = await healthyJobJar(11, 'com/example/Tested');
  const later = await healthyJobJar(11, 'com/example/Overwritten');
  const put = async (body: Buffer): Promise<string> => {
    const out = await h.clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: body }));
    return out.VersionId!;
  };
  const testedVersion = await put(tested);
  const laterVersion = await put(later);
  return { tested, testedVersion, later, laterVersion };
}

function currentObjectVersion(): string | undefined {
  const apps = h.emulator.control.describe().applications as {
    applications: {
      name: string;
      versions: { versionId: number; objectVersion?: string }[];
      versionId: number;
    }[];
  };
  const app = apps.applications.find((a) => a.name === 'orders')!;
  return app.versions.find((v) => v.versionId === app.versionId)?.objectVersion;
}

describe('promotion by key, VersionId and SHA-256', () => {
  it('deploys the tested version even when the key was overwritten since', async () => {
    const { tested, testedVersion, laterVersion } = await seedTwoVersions();
    expect(testedVersion).not.toBe(laterVersion);
    const mark = h.mutatingCalls().length;
    const { outputs, report } = await h.run({
      'application-name': 'orders',
      key: KEY,
      'object-version': testedVersion,
      'artifact-sha256': sha256(tested),
    });
    expect(outputs.result, report.reason).toBe('upgraded');
    expect(outputs['s3-object-version']).toBe(testedVersion);
    expect(currentObjectVersion()).toBe(testedVersion);
    expect(h.mutatingCalls().slice(mark)).not.toContain('s3:PutObject');
  });

  it('refuses a VersionId whose content is not the tested build, before any change', async () => {
    const { tested, laterVersion } = await seedTwoVersions();
    const mark = h.mutatingCalls().length;
    const { outputs, report } = await h.run({
      'application-name': 'orders',
      key: KEY,
      'object-version': laterVersion,
      'artifact-sha256': sha256(tested),
    });
    expect(outputs.result).toBe('failed');
    expect(report.reason).toContain(`promotion of s3://${BUCKET}/${KEY} (version ${laterVersion}) refused`);
    expect(h.mutatingCalls().slice(mark)).toEqual([]);
  });

  it('refuses a VersionId the key does not have, before any change', async () => {
    const { tested } = await seedTwoVersions();
    const mark = h.mutatingCalls().length;
    const { outputs, report } = await h.run({
      'application-name': 'orders',
      key: KEY,
      'object-version': 'not-a-version-of-this-key',
      'artifact-sha256': sha256(tested),
    });
    expect(outputs.result).toBe('failed');
    expect(report.reason).toMatch(
      /promotion of .* \(version not-a-version-of-this-key\)|object-version|NoSuchVersion|version/,
    );
    expect(h.mutatingCalls().slice(mark)).toEqual([]);
  });

  it('object-version needs key and no artifact', async () => {
    await expect(
      h.run({ 'application-name': 'orders', artifact: 'x.jar', 'object-version': 'abc' }),
    ).rejects.toThrow(/^input "object-version": applies only when promoting by key without artifact/);
  });
});
