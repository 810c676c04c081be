import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { runCli } from '../../src/cli/main.js';
import { CliHost } from '../../src/host/cli-host.js';
import { writeManifestFile } from '../../src/operations/upload-artifact/manifest.js';
import { maskableValues } from '../../src/operations/fetch-secret/variables.js';

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('masks', () => {
  it('masks each element of a JSON array leaf, not only the array text', () => {
    const text = JSON.stringify({
      tokens: ['first-token-value', 'second-token-value', { inner: 'nested-value' }],
    });
    const masks = maskableValues({ name: 's', stages: [], text });
    expect(masks).toEqual(
      expect.arrayContaining(['first-token-value', 'second-token-value', 'nested-value']),
    );
  });

  it('masks array elements under json-keys too', () => {
    const text = JSON.stringify({ keys: ['selected-element'], other: 'not-selected' });
    const masks = maskableValues({ name: 's', stages: [], text }, [['keys']]);
    expect(masks).toContain('selected-element');
    expect(masks).not.toContain('not-selected');
  });

  it('masks the trimmed form of a single-line value with padding', () => {
    expect(maskableValues({ name: 's', stages: [], text: '  padded-secret\t' })).toContain('padded-secret');
    const json = JSON.stringify({ password: ' padded-leaf ' });
    expect(maskableValues({ name: 's', stages: [], text: json })).toContain('padded-leaf');
  });
});

describe('files that carry secrets', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'atp-secret-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the upload manifest (presigned URLs) readable by its owner only', () => {
    const path = writeManifestFile(dir, { bucket: 'b', keyPrefix: 'p/', createdAt: '', files: [] });
    expect(mode(path)).toBe(0o600);
  });

  it('makes an existing --export-file 0600 before writing a value to it', () => {
    const file = join(dir, 'exports.sh');
    writeFileSync(file, 'old content\n', { mode: 0o644 });
    const host = new CliHost({ inputs: {}, env: {}, envFile: file, stderr: () => undefined });
    expect(mode(file)).toBe(0o600);
    host.exportVariable('TOKEN', 'secret-value');
    host.close();
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe("export TOKEN='secret-value'\n");
  });

  it('refuses an --export-file that is a symbolic link: exit 1, the link target untouched', async () => {
    const target = join(dir, 'elsewhere');
    writeFileSync(target, 'precious\n', { mode: 0o644 });
    const link = join(dir, 'exports.sh');
    symlinkSync(target, link);
    let stderr = '';
    const code = await runCli({
      argv: ['fetch-secret', '--secret-ids', 'app/token', '--aws-region', 'eu-west-1', '--export-file', link],
      env: { AWS_EC2_METADATA_DISABLED: 'true' },
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/--export-file .*exports\.sh is a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
    expect(mode(target)).toBe(0o644);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });
});
