import { randomBytes } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Entry } from './entries.js';

/**
 * The JSON list of what was deleted (in dry-run: what would be), written as it happens so that a
 * prune of a million keys never holds them all, and a cancelled one still says what it did.
 */
export class Manifest {
  readonly path: string;
  private count = 0;
  private closed = false;

  constructor(dir: string, bucket: string) {
    this.path = join(dir, `prune-manifest-${bucket}-${Date.now()}-${randomBytes(3).toString('hex')}.json`);
    writeFileSync(this.path, '[');
  }

  /** `unconfirmed`: sent in a DeleteObjects call that got no definite answer, so perhaps deleted. */
  add(entries: readonly Entry[], options: { unconfirmed?: boolean } = {}): void {
    if (entries.length === 0) return;
    const lines = entries.map((e, i) => {
      const record = {
        key: e.key,
        ...(e.versionId !== undefined ? { versionId: e.versionId } : {}),
        ...(e.deleteMarker ? { deleteMarker: true } : {}),
        size: e.size,
        lastModified: new Date(e.time).toISOString(),
        ...(options.unconfirmed ? { unconfirmed: true } : {}),
      };
      return `${this.count + i === 0 ? '' : ','}\n  ${JSON.stringify(record)}`;
    });
    this.count += entries.length;
    appendFileSync(this.path, lines.join(''));
  }

  /** Ends the JSON list; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    appendFileSync(this.path, this.count ? '\n]\n' : ']\n');
  }
}
