import { readFile } from 'node:fs/promises';
import type { Host } from '../host/host.js';

/** Where OIDC ID tokens come from: minted by GitHub on request, or read from a (rotated) file. */
export interface IdTokenSource {
  readonly description: string;
  /** A fresh token for every call: never cache, a retry must not reuse a stale token. */
  fetch(timeoutMs: number): Promise<string>;
}

export class GitHubIdTokenSource implements IdTokenSource {
  readonly description = 'GitHub OIDC';
  constructor(
    private readonly host: Host,
    private readonly audience: string,
  ) {}

  fetch(timeoutMs: number): Promise<string> {
    return this.host.requestIdToken(this.audience, timeoutMs);
  }
}

export class FileIdTokenSource implements IdTokenSource {
  readonly description: string;
  constructor(private readonly path: string) {
    this.description = `token file ${path}`;
  }

  async fetch(): Promise<string> {
    // Token files are often symlinks (Kubernetes projected volumes), so links are followed here.
    const token = (await readFile(this.path, 'utf8')).trim();
    if (!token)
      throw Object.assign(new Error(`The web identity token file ${this.path} is empty.`), {
        name: 'EmptyTokenFile',
      });
    return token;
  }
}
