import type { OperationName } from './schema.js';
import type { AnyOperation } from './operation.js';

/**
 * Every operation, loaded when it is asked for: each is its own chunk of the bundle, so a step pays
 * start-up only for the operation it runs (and its client). The type makes a missing one a compile error.
 */
const OPERATION_LOADERS: Record<OperationName, () => Promise<AnyOperation>> = {
  'ensure-bucket': async () => (await import('./ensure-bucket/index.js')).ensureBucket,
  'fetch-secret': async () => (await import('./fetch-secret/index.js')).fetchSecret,
  prune: async () => (await import('./prune/index.js')).prune,
  'upload-artifact': async () => (await import('./upload-artifact/index.js')).uploadArtifact,
};

/** The operation called `name`. */
export function loadOperation(name: OperationName): Promise<AnyOperation> {
  return OPERATION_LOADERS[name]();
}
