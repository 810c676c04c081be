/**
 * `upload-artifact` headers: the OS-independent content-type table (charset on text), a fixed
 * `content-type`, and `cache-control` as one value or first-match-wins `glob: value` rules.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { InputError } from '../../src/errors.js';
import { contentTypeFor } from '../../src/operations/upload-artifact/content-type.js';
import { cacheControlFor, planUpload } from '../../src/operations/upload-artifact/plan.js';
import { tempTree, testLogger, uploadSettings, type TempTree } from './upload-support.js';

const s3mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });

afterAll(() => {
  s3mock.restore();
  s3.destroy();
});

describe('content types (auto)', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['page.htm', 'text/html; charset=utf-8'],
    ['style.css', 'text/css; charset=utf-8'],
    ['app.js', 'text/javascript; charset=utf-8'],
    ['module.mjs', 'text/javascript; charset=utf-8'],
    ['legacy.cjs', 'text/javascript; charset=utf-8'],
    ['app.js.map', 'application/json; charset=utf-8'],
    ['data.json', 'application/json; charset=utf-8'],
    ['site.webmanifest', 'application/manifest+json; charset=utf-8'],
    ['feed.xml', 'application/xml; charset=utf-8'],
    ['notes.txt', 'text/plain; charset=utf-8'],
    ['README.md', 'text/markdown; charset=utf-8'],
    ['table.csv', 'text/csv; charset=utf-8'],
    ['config.yaml', 'application/yaml; charset=utf-8'],
    ['icon.svg', 'image/svg+xml; charset=utf-8'],
    ['module.wasm', 'application/wasm'],
    ['photo.webp', 'image/webp'],
    ['photo.avif', 'image/avif'],
    ['photo.png', 'image/png'],
    ['photo.jpg', 'image/jpeg'],
    ['photo.jpeg', 'image/jpeg'],
    ['favicon.ico', 'image/vnd.microsoft.icon'],
    ['font.woff2', 'font/woff2'],
    ['font.woff', 'font/woff'],
    ['clip.mp4', 'video/mp4'],
    ['doc.pdf', 'application/pdf'],
    ['bundle.zip', 'application/zip'],
    ['release.tar.gz', 'application/gzip'],
    ['release.tgz', 'application/gzip'],
    ['image.tar', 'application/x-tar'],
    ['payload.bin', 'application/octet-stream'],
  ])('%s → %s', (name, type) => {
    expect(contentTypeFor(name)).toBe(type);
  });

  it.each([
    ['an unknown extension', 'data.xyz'],
    ['no extension', 'Makefile'],
    ['a dot-file (the dot does not start an extension)', '.env'],
    ['a dot in a directory name only', 'v1.2/LICENSE'],
    ['a trailing dot', 'weird.'],
  ])('%s → application/octet-stream', (_label, name) => {
    expect(contentTypeFor(name)).toBe('application/octet-stream');
  });

  it.each([
    ['INDEX.HTML', 'text/html; charset=utf-8'],
    ['Photo.PNG', 'image/png'],
    ['Font.WoFf2', 'font/woff2'],
    ['App.MJS', 'text/javascript; charset=utf-8'],
  ])('the extension is case-insensitive: %s → %s', (name, type) => {
    expect(contentTypeFor(name)).toBe(type);
  });

  it('looks only at the file name, not the directories', () => {
    expect(contentTypeFor('assets.css/logo.png')).toBe('image/png');
    expect(contentTypeFor('a/b.html/c')).toBe('application/octet-stream');
  });

  it('never depends on the OS: every text type carries charset=utf-8, no binary type does', () => {
    const samples = ['a.html', 'a.css', 'a.js', 'a.json', 'a.svg', 'a.txt', 'a.xml', 'a.csv'];
    for (const s of samples) expect(contentTypeFor(s)).toMatch(/; charset=utf-8$/);
    for (const s of ['a.png', 'a.wasm', 'a.woff2', 'a.zip', 'a.pdf', 'a.mp4', 'a.gz'])
      expect(contentTypeFor(s)).not.toContain('charset');
  });
});

describe('cache-control', () => {
  const rules = [
    '**/*.html: no-cache',
    'assets/**: public, max-age=31536000, immutable',
    '*.json: max-age=60',
    '**: max-age=300',
  ].join('\n');

  it.each([
    ['index.html', 'no-cache'],
    ['deep/nested/page.html', 'no-cache'],
    // First match wins: an HTML file under assets/ takes the first rule.
    ['assets/embed.html', 'no-cache'],
    ['assets/app.3f9a.js', 'public, max-age=31536000, immutable'],
    ['assets/img/logo.png', 'public, max-age=31536000, immutable'],
    ['data.json', 'max-age=60'],
    ['sub/data.json', 'max-age=300'],
    ['.well-known/security.txt', 'max-age=300'],
    ['robots.txt', 'max-age=300'],
  ])('rules: %s → %s', (relative, value) => {
    const settings = uploadSettings({ bucket: 'my-bucket', path: '/x', 'cache-control': rules });
    expect(cacheControlFor(relative, settings)).toBe(value);
  });

  it('a file no rule matches gets no Cache-Control', () => {
    const settings = uploadSettings({
      bucket: 'my-bucket',
      path: '/x',
      'cache-control': '**/*.html: no-cache',
    });
    expect(cacheControlFor('app.js', settings)).toBeUndefined();
  });

  it('one plain value applies to every file', () => {
    const settings = uploadSettings({
      bucket: 'my-bucket',
      path: '/x',
      'cache-control': 'public, max-age=600',
    });
    expect(settings.cacheRules).toEqual([{ value: 'public, max-age=600' }]);
    for (const f of ['index.html', 'a/b/c.js', '.hidden'])
      expect(cacheControlFor(f, settings)).toBe('public, max-age=600');
  });

  it('no cache-control input: no header', () => {
    const settings = uploadSettings({ bucket: 'my-bucket', path: '/x' });
    expect(settings.cacheRules).toEqual([]);
    expect(cacheControlFor('index.html', settings)).toBeUndefined();
  });

  it.each([
    ['a plain value mixed with rules', 'no-cache\n**/*.js: max-age=60', /mixes a plain value with rules/],
    ['a rule mixed with a plain value', '**/*.js: max-age=60\nno-cache', /mixes a plain value with rules/],
    ['a rule without a value', '**/*.js:', /is not a `glob: value` rule/],
    ['a rule without a glob', ': no-cache', /is not a `glob: value` rule/],
  ])('%s is an input error naming cache-control', (_label, value, message) => {
    const run = () => uploadSettings({ bucket: 'my-bucket', path: '/x', 'cache-control': value });
    expect(run).toThrow(InputError);
    expect(run).toThrow(message);
    expect(run).toThrow(expect.objectContaining({ input: 'cache-control' }));
  });
});

describe('headers in the plan', () => {
  let tree: TempTree;
  beforeEach(() => {
    s3mock.reset();
    tree = tempTree({
      'site/index.html': '<!doctype html>',
      'site/assets/app.mjs': 'export {}',
      'site/assets/app.mjs.map': '{}',
      'site/assets/logo.WEBP': 'x',
      'site/fonts/a.woff2': 'x',
      'site/LICENSE': 'MIT',
    });
  });
  afterEach(() => tree.remove());

  const plan = (inputs: Record<string, string>) =>
    planUpload(
      uploadSettings({ bucket: 'my-bucket', path: tree.path('site'), ...inputs }),
      s3,
      testLogger().logger,
      new AbortController().signal,
    );

  it('auto: each file gets its type from the table, and the rules its Cache-Control', async () => {
    const { files } = await plan({
      'cache-control': '**/*.html: no-cache\nassets/**: max-age=31536000, immutable',
    });
    expect(files.map((f) => [f.key, f.contentType, f.cacheControl])).toEqual([
      ['LICENSE', 'application/octet-stream', undefined],
      ['assets/app.mjs', 'text/javascript; charset=utf-8', 'max-age=31536000, immutable'],
      ['assets/app.mjs.map', 'application/json; charset=utf-8', 'max-age=31536000, immutable'],
      ['assets/logo.WEBP', 'image/webp', 'max-age=31536000, immutable'],
      ['fonts/a.woff2', 'font/woff2', undefined],
      ['index.html', 'text/html; charset=utf-8', 'no-cache'],
    ]);
  });

  it('a fixed content-type applies to every file', async () => {
    const { files } = await plan({ 'content-type': 'application/x-custom; charset=latin1' });
    expect(new Set(files.map((f) => f.contentType))).toEqual(
      new Set(['application/x-custom; charset=latin1']),
    );
  });

  it('rules match the path relative to root, not the key (the prefix plays no part)', async () => {
    const { files } = await plan({ 'key-prefix': 'assets/', 'cache-control': 'assets/**: immutable' });
    expect(files.filter((f) => f.cacheControl).map((f) => f.key)).toEqual([
      'assets/assets/app.mjs',
      'assets/assets/app.mjs.map',
      'assets/assets/logo.WEBP',
    ]);
  });

  it.each(['text', 'text/', 'a b/c', 'text/html; charset'])('content-type %j is an input error', (value) => {
    expect(() => uploadSettings({ bucket: 'my-bucket', path: '/x', 'content-type': value })).toThrow(
      expect.objectContaining({ input: 'content-type' }),
    );
  });
});
