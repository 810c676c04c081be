import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Minimatch, minimatch } from 'minimatch';
import { InputError } from '../../errors.js';
import type { Logger } from '../../logging/logger.js';

/** A file to upload, with its path relative to the upload root (always `/`-separated). */
export interface LocalFile {
  path: string;
  relative: string;
  size: number;
}

export interface FileSearch {
  include: string[];
  exclude: string[];
  root?: string;
  includeHidden: boolean;
  followSymlinks: boolean;
  allowOutsideRoot: boolean;
}

export interface FoundFiles {
  files: LocalFile[];
  root: string;
  hiddenSkipped: number;
}

const MATCH = { dot: true, nocomment: true, nonegate: true } as const;

/**
 * Whether a path segment is a pattern (`*`, `?`, `[…]`, braces, extglobs) rather than a name: a literal
 * `@scope`, `v1 (beta)` or `build+42` directory stays part of the root, as in `@actions/glob`.
 */
function isMagic(segment: string): boolean {
  return new Minimatch(segment, { ...MATCH, magicalBraces: true }).hasMagic();
}

/** Glob patterns use `/`; Windows-style `\` separators in an input are read as `/`. */
export function normalisePattern(pattern: string): string {
  return pattern.replace(/\\/g, '/').replace(/\/+$/, '') || '/';
}

/** The directory a pattern's search starts from: the segments before the first glob character. */
export function searchBase(pattern: string): string {
  const segments = pattern.split('/');
  const literal: string[] = [];
  for (const s of segments) {
    if (isMagic(s)) break;
    literal.push(s);
  }
  return literal.join('/') || '/';
}

function isGlob(pattern: string): boolean {
  return searchBase(pattern) !== pattern;
}

/** The deepest directory that contains every given path. */
export function commonAncestor(paths: string[]): string {
  const split = paths.map((p) => p.split('/'));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return first.slice(0, n).join('/') || '/';
}

/** Whether the path, or any directory between `base` and it, matches one of the patterns. */
function matchesSelfOrAncestor(path: string, base: string, patterns: string[]): boolean {
  if (patterns.length === 0) return false;
  for (let p = path; p.length >= base.length; p = dirname(p)) {
    if (patterns.some((pattern) => minimatch(p, pattern, MATCH))) return true;
    if (p === dirname(p)) break;
  }
  return false;
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/**
 * Finds the files `path` names, with `@actions/glob`'s meaning: a directory means everything under it,
 * `!pattern` excludes, and the root defaults to the least common ancestor of the search paths (a
 * single file's directory for a file). Hidden files are left out unless asked for; symbolic links
 * that lead outside the root are refused unless allowed.
 */
export async function findFiles(search: FileSearch, logger: Logger): Promise<FoundFiles> {
  const includes = search.include.map(normalisePattern);
  const excludes = search.exclude.map(normalisePattern);
  const bases: string[] = [];
  for (const pattern of includes) {
    if (isGlob(pattern)) {
      bases.push(searchBase(pattern));
      continue;
    }
    const info = await stat(pattern).catch(() => undefined);
    bases.push(info?.isFile() ? dirname(pattern) : pattern);
  }
  const root = normalisePattern(search.root ?? commonAncestor(bases));
  const realRoot = await realpath(root).catch(() => root);

  const found = new Map<string, LocalFile>();
  let hiddenSkipped = 0;

  const consider = async (path: string, size: number, pattern: string, base: string): Promise<void> => {
    if (found.has(path)) return;
    const named = path === pattern; // a file named literally is wanted even when hidden
    const wanted = isGlob(pattern) ? matchesSelfOrAncestor(path, base, [pattern]) : true;
    if (!wanted || matchesSelfOrAncestor(path, base, excludes)) return;
    if (
      !named &&
      !search.includeHidden &&
      relative(base, path)
        .split(sep)
        .some((s) => s.startsWith('.'))
    ) {
      hiddenSkipped++;
      return;
    }
    if (!isInside(path, root))
      throw new InputError(
        'root',
        `${path} is outside the root ${root}`,
        'a `root` that contains every path',
      );
    found.set(path, { path, relative: relative(root, path).split(sep).join('/'), size });
  };

  /** `seen` holds the real paths of the directories being walked above this one (not every one walked). */
  const walk = async (dir: string, pattern: string, base: string, seen: Set<string>): Promise<void> => {
    const real = await realpath(dir);
    if (seen.has(real)) return; // a link cycle: a link back to a directory above
    seen.add(real);
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let size = 0;
      if (entry.isSymbolicLink()) {
        if (!search.followSymlinks) {
          logger.debug(
            'files.symlink-skipped',
            `Skipped the symbolic link ${path} (follow-symlinks: false)`,
            { path },
          );
          continue;
        }
        const target = await realpath(path).catch(() => undefined);
        if (!target) {
          logger.warning('files.broken-symlink', `Skipped the broken symbolic link ${path}`, { path });
          continue;
        }
        if (!search.allowOutsideRoot && !isInside(target, realRoot))
          throw new InputError(
            'follow-symlinks',
            `the symbolic link ${path} leads to ${target}, outside the upload root ${root}`,
            '`follow-symlinks: false` to skip links, or `allow-outside-root: true` if that file is meant to be uploaded',
          );
        const info = await stat(path);
        isDir = info.isDirectory();
        size = info.size;
      } else if (entry.isFile()) {
        size = (await lstat(path)).size;
      } else if (!isDir) continue;
      if (isDir) await walk(path, pattern, base, seen);
      else await consider(path, size, pattern, base);
    }
    // A sibling link to this directory is not a cycle: its files are uploaded under the link's name too.
    seen.delete(real);
  };

  for (let i = 0; i < includes.length; i++) {
    const pattern = includes[i]!;
    const base = isGlob(pattern) ? searchBase(pattern) : pattern;
    const info = await lstat(base).catch(() => undefined);
    if (!info) continue;
    if (info.isSymbolicLink()) {
      if (!search.followSymlinks) continue;
      const target = await realpath(base).catch(() => undefined);
      if (target && !search.allowOutsideRoot && !isInside(target, realRoot))
        throw new InputError(
          'follow-symlinks',
          `the symbolic link ${base} leads to ${target}, outside the upload root ${root}`,
          '`allow-outside-root: true` if that file is meant to be uploaded',
        );
    }
    const target = await stat(base).catch(() => undefined);
    if (target?.isDirectory()) await walk(base, pattern, base, new Set());
    else if (target?.isFile()) await consider(base, target.size, pattern, dirname(base));
  }
  const files = [...found.values()].sort((a, b) =>
    a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0,
  );
  return { files, root, hiddenSkipped };
}
