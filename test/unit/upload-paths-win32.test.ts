/**
 * upload-artifact's path handling with Windows paths (`node:path`'s win32, so it runs on any OS): the
 * CI e2e job runs the action on a Windows runner, and these pin down what it relies on there. Inputs
 * reach these functions already absolute (`path.resolve` against the workspace, `D:\a\repo\repo\...`).
 */
import { posix, win32 } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  commonAncestor,
  isInside,
  keyPath,
  normalisePattern,
  searchBase,
} from '../../src/operations/upload-artifact/files.js';

describe('normalisePattern with Windows paths', () => {
  it.each<[string, string]>([
    ['D:\\a\\repo\\dist', 'D:/a/repo/dist'],
    ['D:\\a\\repo\\dist\\', 'D:/a/repo/dist'],
    ['D:\\a\\repo\\dist\\**\\*.js', 'D:/a/repo/dist/**/*.js'],
    // Mixed separators, as `resolve` leaves a glob typed with `/` on Windows.
    ['D:\\a\\repo/dist/**/*.map', 'D:/a/repo/dist/**/*.map'],
    // The drive letter as the working directory spells it.
    ['d:\\a\\repo', 'D:/a/repo'],
    // A drive's root stays a root: `C:` alone is the drive's current directory.
    ['C:\\', 'C:/'],
    ['C:/', 'C:/'],
  ])('%s → %s', (input, expected) => {
    expect(normalisePattern(input)).toBe(expected);
  });
});

describe('searchBase with Windows paths', () => {
  it.each<[string, string]>([
    ['D:/a/repo/dist/**/*.js', 'D:/a/repo/dist'],
    ['D:/a/repo/dist/*.{js,css}', 'D:/a/repo/dist'],
    ['D:/a/repo/@scope/v1 (beta)/build+42/*.map', 'D:/a/repo/@scope/v1 (beta)/build+42'],
    ['C:/*.txt', 'C:'],
  ])('%s starts at %s', (pattern, base) => {
    expect(searchBase(normalisePattern(pattern))).toBe(base);
  });
});

describe('commonAncestor (the default root) with Windows paths', () => {
  it.each<[string[], string]>([
    [['D:/a/repo/dist', 'D:/a/repo/docs/site'], 'D:/a/repo'],
    [['D:/a/repo/dist'], 'D:/a/repo/dist'],
    [['D:/a/repo/dist', 'D:/a/repo/dist-extra'], 'D:/a/repo'],
    // Sharing only the drive: its root, not the drive's current directory (`D:`).
    [['D:/x/out', 'D:/y/out'], 'D:/'],
    // A file at a drive's root (its directory is `C:/`).
    [['C:/'], 'C:/'],
    // Two drives share nothing: every file is then outside the root, and refused by name.
    [['C:/a', 'D:/b'], '/'],
  ])('%j → %s', (paths, expected) => {
    expect(commonAncestor(paths.map(normalisePattern))).toBe(expected);
  });
});

describe('isInside with Windows paths', () => {
  it.each<[string, string, boolean]>([
    // Files come from the walk with `\`, roots are normalised to `/`.
    ['D:\\a\\repo\\dist\\app.js', 'D:/a/repo', true],
    ['D:\\a\\repo', 'D:/a/repo', true],
    ['D:\\a\\repo2\\app.js', 'D:/a/repo', false],
    ['D:\\a\\app.js', 'D:/a/repo', false],
    // NTFS is case-insensitive, so is the comparison.
    ['d:\\A\\Repo\\dist\\app.js', 'D:/a/repo', true],
    // Another drive is outside, though `relative` gives no `..` for it (it gives the absolute path).
    ['E:\\a\\repo\\dist\\app.js', 'D:/a/repo', false],
    ['\\\\server\\share\\app.js', 'D:/a/repo', false],
    // A name that merely starts with two dots is inside.
    ['D:\\a\\repo\\..config', 'D:/a/repo', true],
  ])('%s in %s: %s', (child, parent, inside) => {
    expect(isInside(child, parent, win32)).toBe(inside);
  });

  it('POSIX paths as before: another tree is outside, a `..name` file is inside', () => {
    expect(isInside('/w/out/a.js', '/w', posix)).toBe(true);
    expect(isInside('/other/a.js', '/w', posix)).toBe(false);
    expect(isInside('/w/..a', '/w', posix)).toBe(true);
  });
});

describe('keyPath: keys are always `/`-separated', () => {
  it.each<[string, string, string]>([
    ['D:/a/repo/dist', 'D:\\a\\repo\\dist\\app.js', 'app.js'],
    ['D:/a/repo/dist', 'D:\\a\\repo\\dist\\assets\\img\\logo.png', 'assets/img/logo.png'],
    ['D:/a/repo', 'D:\\a\\repo\\dist\\v1 (beta)\\a b.txt', 'dist/v1 (beta)/a b.txt'],
    ['C:/', 'C:\\file.txt', 'file.txt'],
  ])('%s + %s → %s', (root, file, key) => {
    expect(keyPath(root, file, win32)).toBe(key);
  });

  it('on POSIX a `\\` is part of a file name, not a separator', () => {
    expect(keyPath('/w', '/w/dir/a\\b.txt', posix)).toBe('dir/a\\b.txt');
  });
});
