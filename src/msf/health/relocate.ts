/**
 * Where MSF's CloudWatch metrics are when the expected names have no datapoints (pure): what
 * ListMetrics lists for the application, and the evidence a "no metrics" reason quotes.
 */
import type { MetricNames, MetricRole } from '../../health/metric-roles.js';
import type { Dimension, MetricDimensions } from '../../health/reader.js';
import { locateMetric, type ListedMetric } from './cloudwatch.js';
import { APPLICATION_DIMENSION, REQUIRED_ROLES, candidatesFor } from './metrics.js';

/** What ListMetrics shows, appended to a "no metrics" reason. */
export function noMetricsEvidence(
  application: string,
  region: string,
  lastError: string | undefined,
  listed: ListedMetric[] | undefined,
  listError: string | undefined,
): string {
  let text = lastError ? `; last read failed: ${lastError}` : '';
  if (listError) return `${text}; ListMetrics failed too: ${listError}`;
  const names = [...new Set((listed ?? []).map((m) => m.name))].sort();
  text +=
    names.length === 0
      ? `; ListMetrics lists no metrics for Application=${application} in ${region}`
      : `; ListMetrics lists ${names.length} metric(s) for it: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''}`;
  return text;
}

function sameDimensions(a: readonly Dimension[], b: readonly Dimension[]): boolean {
  const key = (ds: readonly Dimension[]): string =>
    [...ds]
      .map((d) => `${d.Name}=${d.Value}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}

/**
 * A required metric without datapoints may be published under another name (uptime is still published
 * next to runningTime on 2.2) or with more dimensions than Application (Flow). Once per role, switch to
 * what ListMetrics lists; undefined when nothing changes.
 */
export function relocate(
  listed: readonly ListedMetric[],
  names: MetricNames,
  dimensions: MetricDimensions,
  application: string,
  runtime: string,
  tried: Set<MetricRole>,
):
  | {
      names: MetricNames;
      dimensions: MetricDimensions;
      roles: MetricRole[];
      notes: Partial<Record<MetricRole, string>>;
    }
  | undefined {
  const nextNames: MetricNames = { ...names };
  const nextDims: MetricDimensions = { ...dimensions };
  const notes: Partial<Record<MetricRole, string>> = {};
  const roles: MetricRole[] = [];
  const plain: Dimension[] = [{ Name: APPLICATION_DIMENSION, Value: application }];
  for (const role of REQUIRED_ROLES) {
    if (tried.has(role)) continue;
    const current = names[role];
    if (!current) continue;
    const found = locateMetric(listed, [
      current,
      ...candidatesFor(runtime, role).filter((n) => n !== current),
    ]);
    if (!found) continue;
    const currentDims = dimensions[role] ?? plain;
    const foundDims = found.dimensions.length > 0 ? found.dimensions : plain;
    if (found.name === current && sameDimensions(foundDims, currentDims)) continue;
    tried.add(role);
    nextNames[role] = found.name;
    if (sameDimensions(foundDims, plain)) delete nextDims[role];
    else nextDims[role] = foundDims;
    roles.push(role);
    notes[role] =
      `no datapoints of ${current}; ListMetrics lists ${found.name} with ${foundDims.map((d) => `${d.Name}=${d.Value}`).join(', ')}: reading that instead`;
  }
  return roles.length > 0 ? { names: nextNames, dimensions: nextDims, roles, notes } : undefined;
}
