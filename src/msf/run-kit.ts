/**
 * The run's own MSF code (the plan rules, the update, the snapshot, S3), loaded by MsfTarget when first
 * used: one chunk the post step, which only rolls back, never loads.
 */
export { buildPlan, defaultKey, describePlan, restoreCostClause } from './plan.js';
export { sendUpdate } from './update.js';
export { takeSnapshot } from './snapshot.js';
export { s3BuildStore } from './build-store.js';
