import type { BuildMiddleware, MetadataBearer, Pluggable } from '@smithy/types';

/**
 * Request bodies whose SHA-256 we have already computed (for the `sha256` metadata entry or the
 * part checksum). SigV4 signs the payload's SHA-256; the signer hashes the body itself unless the
 * request already carries `x-amz-content-sha256`. Declaring the digest we hold saves hashing every
 * byte a second time. Keyed by the body buffer itself, so nothing outlives the request.
 */
const declared = new WeakMap<Uint8Array, string>();

const HEADER = 'x-amz-content-sha256';

/** Tells the signer the SHA-256 (hex) of a body about to be sent. */
export function declarePayloadSha256(body: Uint8Array, sha256Hex: string): void {
  declared.set(body, sha256Hex);
}

interface RequestLike {
  headers: Record<string, string>;
  body?: unknown;
}

function isRequestLike(value: unknown): value is RequestLike {
  return typeof value === 'object' && value !== null && typeof (value as RequestLike).headers === 'object';
}

const setDeclaredHash: BuildMiddleware<object, MetadataBearer> = (next) => async (args) => {
  const request = args.request;
  if (isRequestLike(request) && request.body instanceof Uint8Array) {
    const hash = declared.get(request.body);
    if (hash && !Object.keys(request.headers).some((h) => h.toLowerCase() === HEADER))
      request.headers[HEADER] = hash;
  }
  return next(args);
};

/** The plugin the client factory adds to S3 clients. */
export const declaredPayloadHashPlugin: Pluggable<object, MetadataBearer> = {
  applyToStack(stack) {
    stack.add(setDeclaredHash, { step: 'build', name: 'awsTaskPackDeclaredPayloadHash', override: true });
  },
};
