import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';

/** What every phase gets: the clients (made once, in src/aws/clients.ts), time, a log and cancellation. */
export interface PhaseDeps {
  clients: AwsClients;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
}

/**
 * Something a person must act on: a GitHub annotation in the action (GitHub shows 10 per level and
 * step), one `level: title: message` line on the command line. `importance` decides what keeps a place
 * when there are more than fit (default normal).
 */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
  file?: string;
  importance?: 'high' | 'normal' | 'low';
}
