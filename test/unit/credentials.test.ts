import { describe, expect, it } from 'vitest';
import { credentialLifetimeWarning } from '../../src/aws/credentials.js';

describe('credentialLifetimeWarning', () => {
  const now = Date.parse('2026-11-21T10:00:00Z');

  it('says nothing for credentials without expiration (long-lived keys, the emulator)', () => {
    expect(credentialLifetimeWarning(undefined, now, 50 * 60_000)).toBeUndefined();
  });

  it('says nothing when the session outlasts timeout + rollback-timeout', () => {
    expect(credentialLifetimeWarning(new Date(now + 60 * 60_000), now, 50 * 60_000)).toBeUndefined();
  });

  it('names the remaining lifetime, the need and the setting to change', () => {
    const warning = credentialLifetimeWarning(new Date(now + 40 * 60_000), now, 50 * 60_000);
    expect(warning).toContain('expire in 40m');
    expect(warning).toContain('up to 50m');
    expect(warning).toContain('role-duration-seconds');
  });
});
