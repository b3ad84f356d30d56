/**
 * Pure rules: in which ApplicationStatus each MSF operation is accepted. From the model documentation:
 * StopApplication "only if it is in the running status, unless you set the Force parameter" (Force: "The
 * application must be in the STARTING, UPDATING, STOPPING, AUTOSCALING, or RUNNING status");
 * RollbackApplication "only if it is in the UPDATING, AUTOSCALING, or RUNNING statuses"; in-place upgrades
 * (UpdateApplication) in READY or RUNNING; snapshots only of a RUNNING application.
 */
import { AwsError } from '../types.js';

export const APPLICATION_STATUSES = [
  'DELETING',
  'STARTING',
  'STOPPING',
  'READY',
  'RUNNING',
  'UPDATING',
  'AUTOSCALING',
  'FORCE_STOPPING',
  'ROLLING_BACK',
  'MAINTENANCE',
  'ROLLED_BACK',
] as const;

export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export type GuardedOperation =
  | 'UpdateApplication'
  | 'StartApplication'
  | 'StopApplication'
  | 'ForceStopApplication'
  | 'RollbackApplication'
  | 'CreateApplicationSnapshot'
  | 'DeleteApplication';

const ALLOWED: Record<GuardedOperation, readonly ApplicationStatus[]> = {
  UpdateApplication: ['READY', 'RUNNING'],
  StartApplication: ['READY'],
  StopApplication: ['RUNNING'],
  ForceStopApplication: ['STARTING', 'UPDATING', 'STOPPING', 'AUTOSCALING', 'RUNNING'],
  RollbackApplication: ['UPDATING', 'AUTOSCALING', 'RUNNING'],
  CreateApplicationSnapshot: ['RUNNING'],
  DeleteApplication: ['READY', 'RUNNING'],
};

export function allowedStatuses(operation: GuardedOperation): readonly ApplicationStatus[] {
  return ALLOWED[operation];
}

export function isAllowed(operation: GuardedOperation, status: ApplicationStatus): boolean {
  return ALLOWED[operation].includes(status);
}

/** Throws ResourceInUseException ("The application is not available for this operation") when refused. */
export function assertAllowed(
  operation: GuardedOperation,
  application: string,
  status: ApplicationStatus,
): void {
  if (isAllowed(operation, status)) return;
  const allowed = ALLOWED[operation];
  const name = operation === 'ForceStopApplication' ? 'StopApplication with Force' : operation;
  throw new AwsError(
    'ResourceInUseException',
    `Application ${application} is in ${status} status. ${name} requires the application to be in ` +
      `${allowed.length === 1 ? '' : 'one of '}${allowed.join(', ')} status.`,
  );
}
