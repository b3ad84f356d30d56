/**
 * npm run emulator -- [--port 4599] [--host 127.0.0.1] [--metric-period 60] [--time-scale 1] [--verbose]
 * Starts the emulator and runs until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { scaledClock, systemClock } from '../src/clock.js';
import { startEmulator } from './index.js';

function positive(name: string, raw: string | undefined, fallback: number, integer = false): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!(n > 0) || (integer && !Number.isInteger(n))) {
    console.error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got '${raw}'`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4599' },
    host: { type: 'string', default: '127.0.0.1' },
    'metric-period': { type: 'string' },
    'time-scale': { type: 'string' },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(
    'Usage: npm run emulator -- [--port 4599] [--host 127.0.0.1] [--metric-period SECONDS] [--time-scale N] [--verbose]',
  );
  process.exit(0);
}

const port = values.port === '0' ? 0 : positive('port', values.port, 4599, true);
const metricPeriodSeconds = positive('metric-period', values['metric-period'], 60);
const scale = positive('time-scale', values['time-scale'], 1);
const clock = scale === 1 ? systemClock : scaledClock(scale);

const emulator = await startEmulator({
  port,
  host: values.host,
  clock,
  metricPeriodSeconds,
  ...(values.verbose ? { log: (line: string) => console.log(`[emulator] ${line}`) } : {}),
});

console.log(
  `AWS emulator (MSF, S3, CloudWatch) listening on ${emulator.url}${scale !== 1 ? ` (time x${scale})` : ''}`,
);
console.log('Paste into your shell:');
console.log(`export AWS_ENDPOINT_URL=${emulator.url}`);
console.log('export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1');
console.log('export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test');
console.log(
  `Control endpoint: POST ${emulator.url}/_emulator/<reset|seed|setJobBehaviour|injectFault|clearFaults|calls|describe>`,
);
console.log('Press Ctrl+C to stop.');

let stopping = false;
const shutdown = (): void => {
  if (stopping) return;
  stopping = true;
  void emulator.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
