// Globs over S3 keys relative to the prefix. `*` and `?` never cross a `/`; `**` does, and `**/`
// also matches no folder at all (so `**/*.zip` finds `a.zip` too); `[abc]` and `[!abc]` are classes;
// everything else is literal. Keys are not paths: `.`, `..` and repeated slashes mean nothing special.

export type KeyMatcher = (relativeKey: string) => boolean;

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** The pattern as an anchored RegExp; throws on an unclosed `[`. */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw new Error(`unclosed \`[\` at position ${i + 1}`);
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else out += escapeRegExp(c);
  }
  return new RegExp(`^${out}$`, 's');
}

/** One matcher for a list: true when any pattern matches. */
export function anyGlob(patterns: readonly string[]): KeyMatcher {
  const res = patterns.map(globToRegExp);
  return (key) => res.some((re) => re.test(key));
}
