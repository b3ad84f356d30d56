import type { AwsClients } from './clients.js';
import { formatDuration } from '../duration.js';

/**
 * A run can outlive its credentials: an assumed role lasts one hour by default, and a rollback after a
 * long bake needs valid credentials too. Warn up front, naming the setting to change.
 */
export function credentialLifetimeWarning(
  expiration: Date | undefined,
  now: number,
  neededMs: number,
): string | undefined {
  if (!expiration) return undefined;
  const remaining = expiration.getTime() - now;
  if (remaining >= neededMs) return undefined;
  return (
    `the AWS credentials expire in ${formatDuration(Math.max(0, remaining))}, but this run may need up to ` +
    `${formatDuration(neededMs)} (timeout + rollback-timeout): a late rollback would fail with ExpiredToken. ` +
    `Raise role-duration-seconds of aws-actions/configure-aws-credentials (and the role's maximum session ` +
    `duration), or lower timeout / bake-time.`
  );
}

/** Resolves the credentials the clients will use and returns their expiration, if they have one. */
export async function credentialExpiration(clients: AwsClients): Promise<Date | undefined> {
  const provider = clients.msf.config.credentials;
  const identity = await provider();
  return identity.expiration;
}
