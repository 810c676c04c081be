import type { OperationName } from './schema.js';
import { ensureBucket } from './ensure-bucket/index.js';
import { fetchSecret } from './fetch-secret/index.js';
import { uploadArtifact } from './upload-artifact/index.js';
import type { AnyOperation } from './operation.js';
import { prune } from './prune/index.js';

/** Every operation; the type makes a missing one a compile error. */
export const OPERATION_REGISTRY: Record<OperationName, AnyOperation> = {
  'ensure-bucket': ensureBucket,
  'fetch-secret': fetchSecret,
  prune,
  'upload-artifact': uploadArtifact,
};
