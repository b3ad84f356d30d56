/**
 * Starts one real Flink session cluster by hand and keeps it until Ctrl-C (then stops it, no orphan JVMs).
 *
 *   npx tsx scripts/flink/cluster.ts 1.20      # or 2.2, or a full version such as 2.2.1
 *   npx tsx scripts/flink/cluster.ts 2.2 --restart exponential-delay --keep
 */
import { parseArgs } from 'node:util';
import { type RestartStrategy, startFlinkCluster } from '../../test/support/flink-cluster.js';
import { flinkVersion } from '../../test/support/flink-install.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    restart: { type: 'string', default: 'fixed-delay' },
    slots: { type: 'string', default: '4' },
    keep: { type: 'boolean', default: false },
  },
});
const wanted = positionals[0] ?? '1.20';
const version = wanted.split('.').length >= 3 ? wanted : flinkVersion(wanted);
const restart = values.restart as RestartStrategy['type'];
if (!['fixed-delay', 'exponential-delay', 'none'].includes(restart)) {
  console.error(`--restart must be fixed-delay, exponential-delay or none, not ${restart}`);
  process.exit(2);
}

const controller = new AbortController();
const cluster = await startFlinkCluster({
  version,
  slots: Number(values.slots),
  restartStrategy: { type: restart } as RestartStrategy,
  log: (line) => console.log(line),
  signal: controller.signal,
});
console.log(`Flink ${version}: ${cluster.url} (web UI and REST), folder ${cluster.dir}; Ctrl-C stops it`);
let stopping = false;
const shutdown = (): void => {
  if (stopping) return;
  stopping = true;
  console.log('stopping…');
  void cluster.stop({ keep: values.keep }).then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
setInterval(() => {}, 1 << 30);
