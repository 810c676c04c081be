/**
 * `upload-artifact` file selection on real temp trees: symbolic links (inside the root, outside it,
 * `allow-outside-root`, `follow-symlinks: false`), hidden files, `!` exclusions and
 * `if-no-files-found`.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { InputError } from '../../src/errors.js';
import { findFiles } from '../../src/operations/upload-artifact/files.js';
import { runTask } from '../../src/run-task.js';
import { isolateAwsEnv, setAmbientKeys } from './helpers.js';
import { tempTree, testLogger, thrown, uploadHost, uploadSettings, type TempTree } from './upload-support.js';

const s3mock = mockClient(S3Client);
let tree: TempTree;

beforeEach(() => {
  s3mock.reset();
  tree = tempTree();
});
afterEach(() => tree.remove());
afterAll(() => s3mock.restore());

const find = async (inputs: Record<string, string>) => {
  const { logger, host } = testLogger(true);
  const found = await findFiles(uploadSettings({ bucket: 'my-bucket', ...inputs }), logger);
  return { ...found, relatives: found.files.map((f) => f.relative), host };
};

describe('symbolic links', () => {
  beforeEach(() => {
    tree.add({
      'root/real.txt': 'real content',
      'root/dir/nested.txt': 'nested',
      'outside/secret.txt': 'not for upload',
      'outside/dir/other.txt': 'other',
    });
  });

  it('a link to a file inside the root is followed: uploaded under the link name with the target size', async () => {
    tree.add({ 'root/alias.txt': { link: 'real.txt' } });
    const { files } = await find({ path: tree.path('root') });
    expect(files.map((f) => [f.relative, f.size])).toEqual([
      ['alias.txt', 12],
      ['dir/nested.txt', 6],
      ['real.txt', 12],
    ]);
  });

  it('a link to a directory inside the root is walked', async () => {
    tree.add({ 'root/linked': { link: 'dir' } });
    const { relatives } = await find({ path: tree.path('root') });
    expect(relatives).toEqual(['dir/nested.txt', 'linked/nested.txt', 'real.txt']);
  });

  it('a link sorting before the directory it points to does not hide that directory', async () => {
    tree.add({ 'root/a-link': { link: 'dir' } });
    const { relatives } = await find({ path: tree.path('root') });
    expect(relatives).toEqual(['a-link/nested.txt', 'dir/nested.txt', 'real.txt']);
  });

  it('a link cycle ends', async () => {
    tree.add({ 'root/dir/loop': { link: '..' } });
    const { relatives } = await find({ path: tree.path('root') });
    expect(relatives).toEqual(['dir/nested.txt', 'real.txt']);
  });

  it.each([
    ['a file', '../outside/secret.txt'],
    ['a directory', '../outside/dir'],
    ['a file, by an absolute target', '<abs>/outside/secret.txt'],
  ])(
    'a link to %s outside the root is refused: InputError naming follow-symlinks',
    async (_label, target) => {
      tree.add({ 'root/escape': { link: target.replace('<abs>', tree.dir) } });
      const err = await thrown(() => find({ path: tree.path('root') }));
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).input).toBe('follow-symlinks');
      expect((err as InputError).exitCode).toBe(1);
      expect(err.message).toContain(tree.path('root/escape'));
      expect(err.message).toContain('allow-outside-root');
    },
  );

  it('a path that is itself a link leading outside the root is refused', async () => {
    tree.add({ 'root/escape.txt': { link: '../outside/secret.txt' } });
    const err = await thrown(() =>
      find({ path: `${tree.path('root/escape.txt')}\n${tree.path('root/real.txt')}` }),
    );
    expect((err as InputError).input).toBe('follow-symlinks');
  });

  it('allow-outside-root: true accepts links leading outside', async () => {
    tree.add({
      'root/escape.txt': { link: '../outside/secret.txt' },
      'root/escape-dir': { link: '../outside/dir' },
    });
    const { files } = await find({ path: tree.path('root'), 'allow-outside-root': 'true' });
    expect(files.map((f) => [f.relative, f.size])).toEqual([
      ['dir/nested.txt', 6],
      ['escape-dir/other.txt', 5],
      ['escape.txt', 14],
      ['real.txt', 12],
    ]);
  });

  it('follow-symlinks: false skips every link, inside or outside the root', async () => {
    tree.add({
      'root/alias.txt': { link: 'real.txt' },
      'root/escape.txt': { link: '../outside/secret.txt' },
      'root/linked': { link: 'dir' },
    });
    const { relatives, host } = await find({ path: tree.path('root'), 'follow-symlinks': 'false' });
    expect(relatives).toEqual(['dir/nested.txt', 'real.txt']);
    expect(host.lines.join('\n')).toContain('follow-symlinks: false');
  });

  it('a broken link is skipped with a warning', async () => {
    tree.add({ 'root/broken': { link: 'missing.txt' } });
    const { relatives, host } = await find({ path: tree.path('root') });
    expect(relatives).toEqual(['dir/nested.txt', 'real.txt']);
    expect(host.warnings.join('\n')).toContain('broken symbolic link');
  });

  it('an explicit root that contains the link target makes the link acceptable', async () => {
    tree.add({ 'root/escape.txt': { link: '../outside/secret.txt' } });
    const { relatives } = await find({ path: tree.path('root'), root: tree.dir });
    expect(relatives).toEqual(['root/dir/nested.txt', 'root/escape.txt', 'root/real.txt']);
  });
});

describe('hidden files', () => {
  beforeEach(() => {
    tree.add({
      'out/a.txt': 'a',
      'out/.env': 'SECRET=1',
      'out/.git/config': '[core]',
      'out/sub/.hidden': 'h',
      'out/sub/visible.txt': 'v',
      'out/.well-known/security.txt': 's',
    });
  });

  it('are left out by default (dot-files and everything in dot-folders), and counted', async () => {
    const { relatives, hiddenSkipped } = await find({ path: tree.path('out') });
    expect(relatives).toEqual(['a.txt', 'sub/visible.txt']);
    expect(hiddenSkipped).toBe(4);
  });

  it('are left out of glob matches too', async () => {
    const { relatives } = await find({ path: `${tree.path('out')}/**/*` });
    expect(relatives).toEqual(['a.txt', 'sub/visible.txt']);
  });

  it('are included with include-hidden-files: true', async () => {
    const { relatives, hiddenSkipped } = await find({
      path: tree.path('out'),
      'include-hidden-files': 'true',
    });
    expect(relatives).toEqual([
      '.env',
      '.git/config',
      '.well-known/security.txt',
      'a.txt',
      'sub/.hidden',
      'sub/visible.txt',
    ]);
    expect(hiddenSkipped).toBe(0);
  });

  it('a hidden file named literally is still uploaded', async () => {
    const { relatives } = await find({ path: `${tree.path('out/.env')}\n${tree.path('out/a.txt')}` });
    expect(relatives).toEqual(['.env', 'a.txt']);
  });

  it('a hidden directory named literally: its contents are uploaded', async () => {
    const { relatives, root } = await find({ path: tree.path('out/.well-known') });
    expect(root).toBe(tree.path('out/.well-known'));
    expect(relatives).toEqual(['security.txt']);
  });
});

describe('! exclusions', () => {
  beforeEach(() => {
    tree.add({
      'dist/app.js': 'a',
      'dist/app.js.map': 'm',
      'dist/vendor/lib.js': 'l',
      'dist/vendor/lib.js.map': 'lm',
      'dist/private/key.pem': 'k',
      'dist/private/notes/n.txt': 'n',
      'dist/index.html': 'i',
    });
  });

  it('exclude files by glob and whole directories by name', async () => {
    const { relatives } = await find({
      path: [tree.path('dist'), `!${tree.path('dist')}/**/*.map`, `!${tree.path('dist/private')}`].join('\n'),
    });
    expect(relatives).toEqual(['app.js', 'index.html', 'vendor/lib.js']);
  });

  it('apply to glob includes too', async () => {
    const { relatives } = await find({
      path: `${tree.path('dist')}/**/*.js\n!${tree.path('dist/vendor')}/**`,
    });
    expect(relatives).toEqual(['app.js']);
  });

  it('the order of lines does not matter', async () => {
    const { relatives } = await find({ path: `!${tree.path('dist')}/**/*.map\n${tree.path('dist/vendor')}` });
    expect(relatives).toEqual(['lib.js']);
  });

  it('exclusions do not move the root', async () => {
    const { root } = await find({ path: `${tree.path('dist')}\n!${tree.path('dist/private')}` });
    expect(root).toBe(tree.path('dist'));
  });

  it('only exclusions is an input error naming path', () => {
    expect(() => uploadSettings({ bucket: 'my-bucket', path: `!${tree.path('dist')}/**/*.map` })).toThrow(
      expect.objectContaining({ input: 'path' }),
    );
  });

  it('comment lines and blank lines are ignored', async () => {
    const { relatives } = await find({
      path: `# the build\n\n${tree.path('dist/vendor')}\n  \n# no maps\n!${tree.path('dist')}/**/*.map\n`,
    });
    expect(relatives).toEqual(['lib.js']);
  });
});

describe('if-no-files-found (whole runs)', () => {
  let restoreEnv: () => void;
  beforeEach(() => {
    restoreEnv = isolateAwsEnv();
    setAmbientKeys();
    tree.add({ 'out/.only-hidden': 'h' });
  });
  afterEach(() => restoreEnv());

  const run = async (mode: string | undefined, path = tree.path('out/nothing-*.zip')) => {
    const host = uploadHost({ path, 'if-no-files-found': mode }, { tempDir: tree.dir });
    const code = await runTask(host);
    return { code, host };
  };

  it('error: exit 1 (NoFilesFound), no request', async () => {
    const { code, host } = await run('error');
    expect(code).toBe(1);
    expect(host.outputs).toMatchObject({ 'exit-code': '1', 'error-code': 'NoFilesFound' });
    expect(host.errors.join('\n')).toContain('No files were found');
    expect(host.errors.join('\n')).toContain(tree.path('out/nothing-*.zip'));
    expect(s3mock.calls()).toHaveLength(0);
  });

  it('error: a directory with only hidden files counts as no files', async () => {
    const { code, host } = await run('error', tree.path('out'));
    expect(code).toBe(1);
    expect(host.errors.join('\n')).toContain('include-hidden-files');
  });

  it('warn (the default): a warning, exit 0, nothing uploaded', async () => {
    for (const mode of ['warn', undefined]) {
      s3mock.reset();
      const { code, host } = await run(mode);
      expect(code).toBe(0);
      expect(host.warnings).toHaveLength(1);
      expect(host.warnings[0]).toContain('No files were found');
      expect(host.outputs).toMatchObject({ 'uploaded-count': '0', bytes: '0', 'exit-code': '0' });
      expect(s3mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    }
  });

  it('ignore: no warning, exit 0', async () => {
    const { code, host } = await run('ignore');
    expect(code).toBe(0);
    expect(host.warnings).toEqual([]);
    expect(host.lines.join('\n')).toContain('Nothing to upload');
    expect(host.outputs['uploaded-count']).toBe('0');
  });

  it('anything else is an input error', async () => {
    const { code, host } = await run('fail');
    expect(code).toBe(1);
    expect(host.errors[0]).toContain('`if-no-files-found`');
  });
});
