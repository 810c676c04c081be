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
    // Built as text, field by field, in the order `JSON.stringify` of the record would give: a prune of
    // 100,000 keys writes 100,000 of these, and an object spread per key showed in the profile.
    let text = '';
    for (const e of entries) {
      text += `${this.count++ === 0 ? '' : ','}\n  {"key":${JSON.stringify(e.key)}`;
      if (e.versionId !== undefined) text += `,"versionId":${JSON.stringify(e.versionId)}`;
      if (e.deleteMarker) text += ',"deleteMarker":true';
      text += `,"size":${e.size},"lastModified":"${new Date(e.time).toISOString()}"`;
      text += options.unconfirmed ? ',"unconfirmed":true}' : '}';
    }
    appendFileSync(this.path, text);
  }

  /** Ends the JSON list; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    appendFileSync(this.path, this.count ? '\n]\n' : ']\n');
  }
}
