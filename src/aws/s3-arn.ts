/** S3 bucket ARNs: the one place they are parsed and built. Pure. */

const BUCKET_ARN = /^arn:[^:]+:s3:::(.+)$/;

/** `arn:aws:s3:::my-bucket` → `my-bucket`; undefined when absent or not a bucket ARN. */
export function bucketNameFromArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  return BUCKET_ARN.exec(arn)?.[1];
}

/** The AWS partition of a region: `aws`, `aws-cn`, `aws-us-gov`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Bucket name → ARN, in the partition of an existing ARN when there is one. */
export function bucketArnFor(bucket: string, region: string, existingArn?: string): string {
  const partition = existingArn ? /^arn:([^:]+):/.exec(existingArn)?.[1] : undefined;
  return `arn:${partition ?? partitionOf(region)}:s3:::${bucket}`;
}
