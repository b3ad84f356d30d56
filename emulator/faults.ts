/**
 * Injected faults, per service and (optionally) operation: each matching request consumes one count.
 * The server asks `take(service, operation)` once per request, before validation.
 */
import type { FaultSpec } from './types.js';

interface ActiveFault extends FaultSpec {
  remaining: number;
}

export class Faults {
  private active: ActiveFault[] = [];

  inject(fault: FaultSpec): void {
    const kinds = [
      'throttle',
      'internal-error',
      'latency',
      'drop',
      'drop-response',
      'access-denied',
      'not-found',
    ];
    if (!kinds.includes(fault.kind))
      throw new Error(`fault kind must be one of ${kinds.join(', ')}, got '${String(fault.kind)}'`);
    if (fault.kind === 'drop-response' && fault.service === 's3')
      throw new Error(`fault kind 'drop-response' is for the JSON services (kinesisanalyticsv2, cloudwatch)`);
    const services = ['kinesisanalyticsv2', 's3', 'cloudwatch'];
    if (!services.includes(fault.service))
      throw new Error(`fault service must be one of ${services.join(', ')}, got '${String(fault.service)}'`);
    const count = fault.count ?? 1;
    if (!(count > 0)) throw new Error(`fault count must be > 0, got ${count}`);
    this.active.push({ ...fault, remaining: count });
  }

  clear(): void {
    this.active = [];
  }

  /** The first matching fault (consuming one of its count), or undefined. */
  take(service: FaultSpec['service'], operation: string): FaultSpec | undefined {
    const fault = this.active.find(
      (f) => f.service === service && (f.operation === undefined || f.operation === operation),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.active = this.active.filter((f) => f !== fault);
    return fault;
  }

  list(): (FaultSpec & { remaining: number })[] {
    return this.active.map((f) => ({ ...f }));
  }
}
