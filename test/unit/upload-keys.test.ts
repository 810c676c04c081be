/**
 * `upload-artifact` key building: the `key-prefix` placeholders, the upload root (least common ancestor
 * of the search paths, as actions/upload-artifact), Windows-style separators, and keys that can never
 * climb out of the prefix.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { InputError } from '../../src/errors.js';
import { commonAncestor, findFiles } from '../../src/operations/upload-artifact/files.js';
import { planUpload } from '../../src/operations/upload-artifact/plan.js';
import { resolveKeyPrefix } from '../../src/operations/upload-artifact/settings.js';
import { githubEnv } from './fake-host.js';
import { tempTree, testLogger, thrown, uploadSettings, type TempTree } from './upload-support.js';

const NOW = new Date('2026-03-04T23:59:59Z');
const s3mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });

afterAll(() => {
  s3mock.restore();
  s3.destroy();
});

describe('key-prefix placeholders', () => {
  const env = githubEnv({
    GITHUB_REF: 'refs/heads/feature/login',
    GITHUB_REF_NAME: 'feature/login',
  });

  it('resolves every placeholder from the GitHub context', () => {
    const prefix = resolveKeyPrefix(
      'builds/{repo}/{sha}/{short_sha}/{ref_name}/{run_id}-{run_attempt}/{date}/',
      env,
      NOW,
    );
    expect(prefix).toBe(
      'builds/octo-repo/0123456789abcdef0123456789abcdef01234567/0123456/feature-login/987654321-2/2026-03-04/',
    );
  });

  it('keeps a prefix without placeholders as it is, and allows an empty one', () => {
    expect(resolveKeyPrefix('static/path/', {}, NOW)).toBe('static/path/');
    expect(resolveKeyPrefix('', {}, NOW)).toBe('');
  });

  it('uses the UTC date', () => {
    expect(resolveKeyPrefix('{date}', {}, new Date('2026-12-31T23:30:00-05:00'))).toBe('2027-01-01');
  });

  it('makes placeholder values key-safe: a ref with `/` or `..` never adds a segment', () => {
    const prefix = resolveKeyPrefix('r/{ref_name}/', { GITHUB_REF_NAME: '../../etc/passwd' }, NOW);
    expect(prefix).toBe('r/..-..-etc-passwd/');
    expect(prefix.split('/')).not.toContain('..');
  });

  it.each([
    ['an unknown placeholder', '{branch}/', env, /`\{branch\}` is not a known placeholder/],
    ['an unset placeholder', '{sha}/', {}, /`\{sha\}` has no value here/],
    ['{pr_number} outside a pull request', 'pr-{pr_number}/', env, /`\{pr_number\}` has no value/],
    ['a leading slash', '/builds/', env, /starts with `\/`/],
    ['a `..` segment', 'a/../b/', env, /`\.` or `\.\.` segment/],
    ['a `.` segment', './b/', env, /`\.` or `\.\.` segment/],
  ])('%s is an input error naming key-prefix', (_label, template, e, message) => {
    const run = () => resolveKeyPrefix(template, e, NOW);
    expect(run).toThrow(InputError);
    expect(run).toThrow(message);
    try {
      run();
    } catch (err) {
      expect((err as InputError).input).toBe('key-prefix');
      expect((err as InputError).exitCode).toBe(1);
      expect((err as InputError).errorCode).toBe('InvalidInput');
    }
  });

  it('lists the known placeholders when one is unknown', () => {
    const err = (() => {
      try {
        resolveKeyPrefix('{nope}', env, NOW);
      } catch (e) {
        return e as Error;
      }
      throw new Error('no throw');
    })();
    for (const p of ['repo', 'sha', 'short_sha', 'ref_name', 'run_id', 'run_attempt', 'pr_number', 'date'])
      expect(err.message).toContain(`{${p}}`);
  });

  it('the parser resolves the prefix (so a bad one fails before any request)', () => {
    expect(
      uploadSettings({ bucket: 'my-bucket', path: '/x', 'key-prefix': 'b/{run_id}/' }, env).keyPrefix,
    ).toBe('b/987654321/');
    const run = () => uploadSettings({ bucket: 'my-bucket', path: '/x', 'key-prefix': '{foo}/' }, env);
    expect(run).toThrow(expect.objectContaining({ name: 'InputError', input: 'key-prefix' }));
  });

  describe('{pr_number}', () => {
    let dir: TempTree;
    beforeEach(() => {
      dir = tempTree();
    });
    afterEach(() => dir.remove());

    it('comes from GITHUB_REF refs/pull/N/merge', () => {
      expect(resolveKeyPrefix('pr-{pr_number}/', { GITHUB_REF: 'refs/pull/42/merge' }, NOW)).toBe('pr-42/');
      expect(resolveKeyPrefix('pr-{pr_number}/', { GITHUB_REF: 'refs/pull/7/head' }, NOW)).toBe('pr-7/');
    });

    it('comes from the event file when the ref is not a pull ref (pull_request_target)', () => {
      const event = dir.path('event.json');
      writeFileSync(event, JSON.stringify({ action: 'opened', number: 77, pull_request: { number: 77 } }));
      expect(
        resolveKeyPrefix('pr-{pr_number}/', { GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_PATH: event }, NOW),
      ).toBe('pr-77/');
    });

    it('the ref wins over the event file', () => {
      const event = dir.path('event.json');
      writeFileSync(event, JSON.stringify({ pull_request: { number: 1 } }));
      expect(
        resolveKeyPrefix('{pr_number}', { GITHUB_REF: 'refs/pull/2/merge', GITHUB_EVENT_PATH: event }, NOW),
      ).toBe('2');
    });

    it.each([
      ['a push event', JSON.stringify({ ref: 'refs/heads/main', head_commit: {} })],
      ['an unreadable event file', '{not json'],
    ])('is unset (input error) for %s', (_label, content) => {
      const event = dir.path('event.json');
      writeFileSync(event, content);
      expect(() =>
        resolveKeyPrefix('{pr_number}/', { GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_PATH: event }, NOW),
      ).toThrow(expect.objectContaining({ input: 'key-prefix' }));
    });

    it('is unset when the event file does not exist', () => {
      expect(() =>
        resolveKeyPrefix(
          '{pr_number}/',
          { GITHUB_EVENT_PATH: join(tmpdir(), 'atp-no-such-event.json') },
          NOW,
        ),
      ).toThrow(expect.objectContaining({ input: 'key-prefix' }));
    });
  });
});

describe('the upload root and the keys', () => {
  let tree: TempTree;
  beforeEach(() => {
    s3mock.reset();
    tree = tempTree({
      'dist/index.html': '<html></html>',
      'dist/app.js': 'console.log(1)',
      'dist/sub/deep/data.json': '{}',
      'dist/sub/b.txt': 'b',
      'docs/guide.md': '# guide',
      'docs/img/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    });
  });
  afterEach(() => tree.remove());

  const keysOf = async (inputs: Record<string, string>) => {
    const settings = uploadSettings({ bucket: 'my-bucket', ...inputs });
    const { logger } = testLogger();
    const plan = await planUpload(settings, s3, logger, new AbortController().signal);
    return { root: plan.root, keys: plan.files.map((f) => f.key) };
  };

  it('a directory is its own root: keys are the paths inside it', async () => {
    const { root, keys } = await keysOf({ path: tree.path('dist') });
    expect(root).toBe(tree.path('dist'));
    expect(keys).toEqual(['app.js', 'index.html', 'sub/b.txt', 'sub/deep/data.json']);
    // overwrite: true (the default) asks S3 nothing while planning.
    expect(s3mock.calls()).toHaveLength(0);
  });

  it('a directory given with a trailing slash is the same', async () => {
    const { keys } = await keysOf({ path: `${tree.path('dist')}/` });
    expect(keys).toEqual(['app.js', 'index.html', 'sub/b.txt', 'sub/deep/data.json']);
  });

  it('a single file is keyed by its name (its directory is the root)', async () => {
    const { root, keys } = await keysOf({ path: tree.path('dist/sub/deep/data.json') });
    expect(root).toBe(tree.path('dist/sub/deep'));
    expect(keys).toEqual(['data.json']);
  });

  it('several paths: the root is their least common ancestor', async () => {
    const { root, keys } = await keysOf({ path: `${tree.path('dist/sub')}\n${tree.path('docs')}` });
    expect(root).toBe(tree.dir);
    expect(keys).toEqual(['dist/sub/b.txt', 'dist/sub/deep/data.json', 'docs/guide.md', 'docs/img/logo.png']);
  });

  it('a file and a directory beside it: the root is their parent', async () => {
    const { root, keys } = await keysOf({
      path: `${tree.path('dist/index.html')}\n${tree.path('dist/sub/deep')}`,
    });
    expect(root).toBe(tree.path('dist'));
    expect(keys).toEqual(['index.html', 'sub/deep/data.json']);
  });

  it('a glob is rooted at its literal part', async () => {
    const { root, keys } = await keysOf({ path: tree.path('dist/**/*.json') });
    expect(root).toBe(tree.path('dist'));
    expect(keys).toEqual(['sub/deep/data.json']);
  });

  it('a glob in the middle of a path: root before the first glob segment', async () => {
    const { root, keys } = await keysOf({ path: `${tree.dir}/*/sub/*.txt` });
    expect(root).toBe(tree.dir);
    expect(keys).toEqual(['dist/sub/b.txt']);
  });

  it('the key prefix is prepended to every key', async () => {
    const { keys } = await keysOf({ path: tree.path('docs'), 'key-prefix': 'site/v1/' });
    expect(keys).toEqual(['site/v1/guide.md', 'site/v1/img/logo.png']);
  });

  it('an explicit root keeps the directories below it in the keys', async () => {
    const { root, keys } = await keysOf({ path: tree.path('dist/sub'), root: tree.dir, 'key-prefix': 'p/' });
    expect(root).toBe(tree.dir);
    expect(keys).toEqual(['p/dist/sub/b.txt', 'p/dist/sub/deep/data.json']);
  });

  it('an explicit root that does not contain the files is an input error naming root', async () => {
    const err = await thrown(() => keysOf({ path: tree.path('dist'), root: tree.path('docs') }));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).input).toBe('root');
  });

  it('Windows-style `\\` separators in a glob are read as `/`', async () => {
    const windows = `${tree.dir}\\dist\\sub\\**\\*.json`;
    const { root, keys } = await keysOf({ path: windows });
    expect(root).toBe(tree.path('dist/sub'));
    expect(keys).toEqual(['deep/data.json']);
  });

  it('Windows-style separators in a directory path and in an exclusion', async () => {
    const { keys } = await keysOf({ path: `${tree.dir}\\dist\n!${tree.dir}\\dist\\sub\\deep` });
    expect(keys).toEqual(['app.js', 'index.html', 'sub/b.txt']);
  });

  it('keys never have a `..`/`.` segment or a leading `/`, however the paths are written', async () => {
    const { keys } = await keysOf({
      path: [
        `${tree.path('dist/sub')}/../sub/./deep`,
        `${tree.path('docs')}/./img/../guide.md`,
        tree.path('dist/./app.js'),
      ].join('\n'),
      root: `${tree.path('dist')}/..`,
    });
    expect(keys).toEqual(['dist/app.js', 'dist/sub/deep/data.json', 'docs/guide.md']);
    for (const key of keys) {
      expect(key.startsWith('/')).toBe(false);
      expect(key.split('/')).not.toContain('..');
      expect(key.split('/')).not.toContain('.');
    }
  });

  it('a root of `/` still gives relative keys', async () => {
    const { keys } = await keysOf({ path: tree.path('docs/guide.md'), root: '/' });
    expect(keys).toEqual([tree.path('docs/guide.md').slice(1)]);
  });

  it('relative paths resolve against the working directory', () => {
    const settings = uploadSettings({
      bucket: 'my-bucket',
      path: 'dist/**/*.js\n!dist/vendor',
      root: 'dist',
    });
    expect(settings.include).toEqual([join(process.cwd(), 'dist/**/*.js')]);
    expect(settings.exclude).toEqual([join(process.cwd(), 'dist/vendor')]);
    expect(settings.root).toBe(join(process.cwd(), 'dist'));
  });

  it.each([['packages/@org/ui'], ['out/v1.0 (beta)'], ['out/build+42'], ['out/wow!']])(
    'a literal directory whose name has glob-looking characters is its own root (%s), as in @actions/glob',
    async (dir) => {
      tree.add({ [`${dir}/main.js`]: 'x', [`${dir}/css/a.css`]: 'y' });
      const { root, keys } = await keysOf({ path: tree.path(dir) });
      expect(root).toBe(tree.path(dir));
      expect(keys).toEqual(['css/a.css', 'main.js']);
    },
  );

  it('braces and character classes are still patterns', async () => {
    expect((await keysOf({ path: tree.path('dist/{app.js,index.html}') })).keys).toEqual([
      'app.js',
      'index.html',
    ]);
    const classes = await keysOf({ path: `${tree.dir}/d[io]*/**/*.[jm][sd]` });
    expect(classes.root).toBe(tree.dir);
    expect(classes.keys).toEqual(['dist/app.js', 'docs/guide.md']);
  });

  it('a literal file name with parentheses is found', async () => {
    tree.add({ 'out/report (1).txt': 'r', 'out/report 1.txt': 'other' });
    const { keys } = await keysOf({ path: tree.path('out/report (1).txt') });
    expect(keys).toEqual(['report (1).txt']);
  });

  it('a missing path finds nothing (if-no-files-found decides what that means)', async () => {
    const { logger } = testLogger();
    const found = await findFiles(uploadSettings({ bucket: 'b-b-b', path: tree.path('nope') }), logger);
    expect(found.files).toEqual([]);
  });
});

describe('commonAncestor', () => {
  it.each<[string[], string]>([
    [['/a/b/c', '/a/b/d'], '/a/b'],
    [['/a/b', '/a/bc'], '/a'],
    [['/a/b'], '/a/b'],
    [['/x', '/y'], '/'],
    [['/a/b/c', '/a/b'], '/a/b'],
  ])('%j → %s', (paths, expected) => {
    expect(commonAncestor(paths)).toBe(expected);
  });
});
