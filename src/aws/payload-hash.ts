import type { BuildMiddleware, MetadataBearer, Pluggable } from '@smithy/types';

/**
 * Request bodies whose SHA-256 we have already computed (for the `sha256` metadata entry or the
 * part checksum). SigV4 signs the payload's SHA-256; the signer hashes the body itself unless the
 * request already carries `x-amz-content-sha256`. Declaring the digest we hold saves hashing every
 * byte a second time. Keyed by the body buffer itself, so nothing outlives the request.
 */
const declared = new WeakMap<Uint8Array, string>();

const HEADER = 'x-amz-content-sha256';
const UNSIGNED = 'UNSIGNED-PAYLOAD';

/** Tells the signer the SHA-256 (hex) of a body about to be sent. */
export function declarePayloadSha256(body: Uint8Array, sha256Hex: string): void {
  declared.set(body, sha256Hex);
}

/**
 * Tells the signer not to sign a body's bytes (`UNSIGNED-PAYLOAD`), as S3 allows: for a body sent
 * over HTTPS that carries a checksum S3 verifies, so TLS and the checksum protect it instead.
 */
export function declareUnsignedPayload(body: Uint8Array): void {
  declared.set(body, UNSIGNED);
}

interface RequestLike {
  protocol?: string;
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
    // An unsigned body over plain HTTP (an endpoint from the environment, a proxy) would have nothing
    // protecting it: there the signer hashes and signs it as usual.
    const allowed = hash !== UNSIGNED || request.protocol === 'https:';
    if (hash && allowed && !Object.keys(request.headers).some((h) => h.toLowerCase() === HEADER))
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
