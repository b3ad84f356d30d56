/** This action's version (kept equal to package.json's by a unit test) and its user agent. */
export const ACTION_VERSION = '1.0.0';

/** `flink-upgrade-action/1.0.0 run/123-1`: lets CloudTrail tell this action's calls apart. */
export function userAgent(env: NodeJS.ProcessEnv): string {
  const run = env.GITHUB_RUN_ID
    ? ` run/${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT ? `-${env.GITHUB_RUN_ATTEMPT}` : ''}`
    : ' run/local';
  return `flink-upgrade-action/${ACTION_VERSION}${run}`;
}
