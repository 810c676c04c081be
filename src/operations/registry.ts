import type { OperationName } from '../inputs/schema.js';
import { ensureBucket } from './ensure-bucket/index.js';
import { fetchSecret } from './fetch-secret/index.js';
import { uploadArtifact } from './upload-artifact/index.js';
import type { AnyOperation } from './operation.js';
import { prune } from './prune/index.js';

/** The operations built so far; the others fail with exit 1 until their issues land. */
export const OPERATION_REGISTRY: Partial<Record<OperationName, AnyOperation>> = {
  'ensure-bucket': ensureBucket,
  'fetch-secret': fetchSecret,
  prune,
  'upload-artifact': uploadArtifact,
};
