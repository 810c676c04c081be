/**
 * A `path` (and so the default root) that is itself a symbolic link counts as outside the root, like
 * any other link; links above the root (a work directory mounted elsewhere) do not.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/errors.js';
import { findFiles } from '../../src/operations/upload-artifact/files.js';
import { tempTree, testLogger, thrown, uploadSettings, type TempTree } from './upload-support.js';

let tree: TempTree;
beforeEach(() => {
  tree = tempTree({
    'elsewhere/credentials.txt': 'outside the workspace',
    'elsewhere/dir/more.txt': 'more',
    'mounted/workspace/site/index.html': '<p>site</p>',
  });
  tree.add({ 'workspace/site-link': { link: '../elsewhere' }, work: { link: 'mounted/workspace' } });
});
afterEach(() => tree.remove());

const find = async (inputs: Record<string, string>) => {
  const { logger } = testLogger(true);
  return findFiles(uploadSettings({ bucket: 'my-bucket', ...inputs }), logger);
};

describe('a root that is itself a symbolic link', () => {
  it.each([
    ['the link as path', (t: TempTree) => ({ path: t.path('workspace/site-link') })],
    ['a glob under the link', (t: TempTree) => ({ path: `${t.path('workspace/site-link')}/**` })],
    ['one file under the link', (t: TempTree) => ({ path: t.path('workspace/site-link/credentials.txt') })],
    [
      'an explicit root that is the link',
      (t: TempTree) => ({ path: t.path('workspace/site-link/dir'), root: t.path('workspace/site-link') }),
    ],
  ])('is refused without allow-outside-root (%s)', async (_label, inputs) => {
    const error = await thrown(() => find(inputs(tree)));
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      /site-link.*(leads to|is really) .*elsewhere.*outside the upload root/,
    );
    expect((error as Error).message).toContain('allow-outside-root: true');
  });

  it('with allow-outside-root: true, uploads what it points to, as today', async () => {
    const found = await find({ path: tree.path('workspace/site-link'), 'allow-outside-root': 'true' });
    expect(found.files.map((f) => f.relative)).toEqual(['credentials.txt', 'dir/more.txt']);
  });

  it('a link above the root (a work directory mounted elsewhere) still passes', async () => {
    const found = await find({ path: tree.path('work/site') });
    expect(found.files.map((f) => f.relative)).toEqual(['index.html']);
  });
});
