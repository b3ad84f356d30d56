/** Loads the trimmed models committed under emulator/models/ (see scripts/sync-models.ts). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ServiceModel } from './types.js';

export type ServiceName = 'kinesisanalyticsv2' | 'cloudwatch' | 's3';

const cache = new Map<ServiceName, ServiceModel>();

export function loadModel(service: ServiceName): ServiceModel {
  let model = cache.get(service);
  if (!model) {
    const file = fileURLToPath(new URL(`../models/${service}.json`, import.meta.url));
    model = JSON.parse(readFileSync(file, 'utf8')) as ServiceModel;
    cache.set(service, model);
  }
  return model;
}
