import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import * as nodePath from 'node:path';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { Minimatch } from 'minimatch';
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

/** The path functions this file needs; tests pass `node:path`'s `win32` to check Windows paths anywhere. */
export type PathApi = Pick<typeof nodePath, 'isAbsolute' | 'relative' | 'sep'>;

/** A drive and nothing else (`C:`): on Windows that names the drive's current directory, not its root. */
const BARE_DRIVE = /^[A-Za-z]:$/;

/**
 * Glob patterns use `/`; Windows-style `\` separators in an input are read as `/`. A drive letter is
 * upper-cased, as the working directory's is, so `c:\a` and `C:\b` share the root `C:/`.
 */
export function normalisePattern(pattern: string): string {
  const path = pattern
    .replace(/\\/g, '/')
    .replace(/^[a-z]:(?=\/|$)/, (d) => d.toUpperCase())
    .replace(/\/+$/, '');
  return BARE_DRIVE.test(path) ? `${path}/` : path || '/';
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

/** One `path` line, compiled once: matching every file against it costs a regex test, not a parse. */
interface Pattern {
  pattern: string;
  glob: boolean;
  /** Where the search starts: the literal part of a glob, or the path itself. */
  base: string;
  matcher?: Minimatch;
}

function compile(pattern: string): Pattern {
  const glob = isGlob(pattern);
  return {
    pattern,
    glob,
    base: glob ? searchBase(pattern) : pattern,
    matcher: glob ? new Minimatch(pattern, MATCH) : undefined,
  };
}

/** The deepest directory that contains every given path. */
export function commonAncestor(paths: string[]): string {
  const split = paths.map((p) => p.split('/'));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  const common = first.slice(0, n).join('/');
  return BARE_DRIVE.test(common) ? `${common}/` : common || '/';
}

/** Whether the path, or any directory between `base` and it, matches one of the patterns. */
function matchesSelfOrAncestor(path: string, base: string, matchers: Minimatch[]): boolean {
  if (matchers.length === 0) return false;
  for (let p = path; p.length >= base.length; p = dirname(p)) {
    if (matchers.some((m) => m.match(p))) return true;
    if (p === dirname(p)) break;
  }
  return false;
}

/** The result of a file-system call, or undefined when it fails (missing, not a directory, unreadable). */
function attempt<T>(call: () => T): T | undefined {
  try {
    return call();
  } catch {
    return undefined;
  }
}

const statOrUndefined = (path: string): Stats | undefined => attempt(() => statSync(path));
const lstatOrUndefined = (path: string): Stats | undefined => attempt(() => lstatSync(path));
const realpathOrUndefined = (path: string): string | undefined => attempt(() => realpathSync(path));

/** Whether `child` is `parent` or below it. On Windows a path on another drive is relative to nothing. */
export function isInside(child: string, parent: string, path: PathApi = nodePath): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** A file's key below the root: its relative path with `/` separators whatever the platform's are. */
export function keyPath(root: string, file: string, path: PathApi = nodePath): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/**
 * Finds the files `path` names, with `@actions/glob`'s meaning: a directory means everything under it,
 * `!pattern` excludes, and the root defaults to the least common ancestor of the search paths (a
 * single file's directory for a file). Hidden files are left out unless asked for; symbolic links
 * that lead outside the root are refused unless allowed. Long because it is one walk that applies
 * every one of those rules as it goes, so no file is stat'ed twice.
 */
export async function findFiles(search: FileSearch, logger: Logger): Promise<FoundFiles> {
  // Synchronous file-system calls throughout: nothing else runs while the plan is made, and for
  // thousands of files one thread-pool round trip per call costs more than the calls themselves.
  const includes = search.include.map((p) => compile(normalisePattern(p)));
  const excludes = search.exclude.map((p) => new Minimatch(normalisePattern(p), MATCH));
  const bases: string[] = [];
  for (const { pattern, glob, base } of includes) {
    if (glob) {
      bases.push(base);
      continue;
    }
    const info = statOrUndefined(pattern);
    bases.push(info?.isFile() ? dirname(pattern) : pattern);
  }
  const root = normalisePattern(search.root ?? commonAncestor(bases));
  // The root's own name under its parent's real path, not the root's real path: a root that is itself
  // a link to somewhere else is outside like any other link, while links above it (a work directory
  // mounted elsewhere) still count as inside.
  const realRoot = join(realpathOrUndefined(dirname(root)) ?? dirname(root), basename(root));

  const found = new Map<string, LocalFile>();
  let hiddenSkipped = 0;

  const consider = (path: string, size: number, include: Pattern, base: string): void => {
    if (found.has(path)) return;
    const named = path === include.pattern; // a file named literally is wanted even when hidden
    const wanted = include.matcher ? matchesSelfOrAncestor(path, base, [include.matcher]) : true;
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
    found.set(path, { path, relative: keyPath(root, path), size });
  };

  /** `seen` holds the real paths of the directories being walked above this one (not every one walked). */
  const walk = (dir: string, include: Pattern, base: string, seen: Set<string>): void => {
    const real = realpathSync(dir);
    if (seen.has(real)) return; // a link cycle: a link back to a directory above
    seen.add(real);
    const entries = readdirSync(dir, { withFileTypes: true });
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
        const target = realpathOrUndefined(path);
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
        const info = statSync(path);
        isDir = info.isDirectory();
        size = info.size;
      } else if (entry.isFile()) {
        size = lstatSync(path).size;
      } else if (!isDir) continue;
      if (isDir) walk(path, include, base, seen);
      else consider(path, size, include, base);
    }
    // A sibling link to this directory is not a cycle: its files are uploaded under the link's name too.
    seen.delete(real);
  };

  for (const include of includes) {
    const { base } = include;
    const info = lstatOrUndefined(base);
    if (!info) continue;
    if (info.isSymbolicLink() && !search.followSymlinks) continue;
    // Where the search really starts: a link at the base, at the root or anywhere between them leads
    // the whole walk elsewhere, and the walk itself only checks the links it meets below the base.
    const realBase = realpathOrUndefined(base);
    // A base that is not even written under the root is the root check's to report, by file.
    if (
      realBase &&
      !search.allowOutsideRoot &&
      isInside(resolve(base), resolve(root)) &&
      !isInside(realBase, realRoot)
    )
      throw new InputError(
        'follow-symlinks',
        info.isSymbolicLink()
          ? `the symbolic link ${base} leads to ${realBase}, outside the upload root ${root}`
          : `${base} is reached through a symbolic link and is really ${realBase}, outside the upload root ${root}`,
        '`allow-outside-root: true` if that file is meant to be uploaded',
      );
    const target = statOrUndefined(base);
    if (target?.isDirectory()) walk(base, include, base, new Set());
    else if (target?.isFile()) consider(base, target.size, include, dirname(base));
  }
  const files = [...found.values()].sort((a, b) =>
    a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0,
  );
  return { files, root, hiddenSkipped };
}
