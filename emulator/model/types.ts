/** The subset of the botocore service-2.json format the emulator reads. */

export interface ShapeRef {
  shape: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  flattened?: boolean;
  streaming?: boolean;
  xmlNamespace?: { uri: string };
  xmlAttribute?: boolean;
  idempotencyToken?: boolean;
}

interface ShapeBase {
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
  timestampFormat?: 'iso8601' | 'rfc822' | 'unixTimestamp';
  locationName?: string;
  flattened?: boolean;
  exception?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  box?: boolean;
}

export interface StructureShape extends ShapeBase {
  type: 'structure';
  members: Record<string, ShapeRef>;
  required?: string[];
  payload?: string;
}
export interface ListShape extends ShapeBase {
  type: 'list';
  member: ShapeRef;
}
export interface MapShape extends ShapeBase {
  type: 'map';
  key: ShapeRef;
  value: ShapeRef;
}
export interface ScalarShape extends ShapeBase {
  type: 'string' | 'integer' | 'long' | 'double' | 'float' | 'boolean' | 'timestamp' | 'blob';
}
export type Shape = StructureShape | ListShape | MapShape | ScalarShape;

export interface Operation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: ShapeRef;
  output?: ShapeRef & { resultWrapper?: string };
  errors?: ShapeRef[];
}

export interface ServiceModel {
  source?: { file: string; sha256: string };
  version?: string;
  metadata: {
    targetPrefix?: string;
    jsonVersion?: string;
    protocol: string;
    [key: string]: unknown;
  };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}
