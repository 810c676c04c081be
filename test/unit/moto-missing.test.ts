/**
 * A fresh machine without moto_server: `npm test` (scripts/require-moto.ts runs first) and
 * `npm run demo` stop at once with the command that installs it, not with a spawn stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { findMotoServer } from '../support/moto-install.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
/** A PATH with nothing on it: no moto_server, whatever this machine has installed. */
const EMPTY = mkdtempSync(join(tmpdir(), 'atp-no-moto-'));

afterAll(() => rmSync(EMPTY, { recursive: true, force: true }));

function runScript(script: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [TSX, script], {
    cwd: ROOT,
    env: { PATH: EMPTY, HOME: process.env.HOME, AWS_EC2_METADATA_DISABLED: 'true' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('moto_server missing', () => {
  it('findMotoServer looks on PATH only', () => {
    expect(findMotoServer(EMPTY)).toBeUndefined();
  });

  it.each(['scripts/require-moto.ts', 'scripts/demo.ts'])(
    '%s: exit 1 with the install command',
    (script) => {
      const r = runScript(script);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("pip install 'moto[server]'");
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stderr).not.toContain('ENOENT');
    },
    60_000,
  );
});
