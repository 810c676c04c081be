/**
 * Markdown from text a third party controls (file names, S3 keys, secret ids, server messages), for
 * the job summary and the PR comment: rendered so that GitHub shows it as the text it is, never as a
 * mention that notifies someone, a link, an image, HTML, an issue reference or an autolinked URL.
 *
 * Two forms. Table cells (mostly names) become code spans, which show the exact characters and in
 * which GitHub processes nothing. Prose is escaped: the punctuation that starts code, emphasis, links,
 * images, table cells and math is backslash-escaped, `&`, `<` and `>` become entities (no HTML, no
 * `<url>` autolink), a heading or list marker at the start is escaped, and a WORD JOINER (U+2060,
 * invisible) follows `@` and `#` and splits `http://` (and the other linked schemes) and `www.`: GitHub finds mentions, references and
 * bare URLs in the rendered text, after escapes are gone, so only a character between them stops it.
 */

import { REDACTED } from '../logging/redactor.js';

const LINE_BREAK = /\r\n|\r|\n/g;
const WORD_JOINER = '\u2060';

/** Markdown punctuation that could start code, emphasis, a link or image, a table cell or math. */
const INLINE_PUNCTUATION = /[\\`*_[\]|~$]/g;

/** What would start a heading, list, quote or code fence at the start of the text. */
const BLOCK_START = /^(\s*)([#>+=-]|\d+[.)])/;

function escapeProse(value: string): string {
  return value
    .replace(INLINE_PUNCTUATION, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([@#])(?=\w)/g, `$1${WORD_JOINER}`)
    .replace(/\b(https?|ftps?|sftp|ssh|git|file|irc):\/\//gi, `$1:${WORD_JOINER}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${WORD_JOINER}.`)
    .replace(BLOCK_START, '$1\\$2')
    .replace(LINE_BREAK, '<br>');
}

/**
 * Prose (headline, facts, notes, titles): inert, line breaks as `<br>`. The redaction mark `***` is
 * kept as it is (between spaces it is plain text), so redacted values read the same everywhere.
 */
export function inertText(value: string): string {
  return value.split(REDACTED).map(proseWithCode).join(REDACTED);
}

/**
 * A pair of single backticks around text with no backtick, `|` or line break stays a code span (our
 * messages write input names that way: `max-deletes: 5`); everything else is escaped prose. A code
 * span is inert in GFM (no mention, link, image or HTML inside), so this is safe for untrusted text
 * too: at worst part of a name shows in code type.
 */
const CODE_SPAN = /(?<!`)`([^`|\r\n]+)`(?!`)/g;

function proseWithCode(value: string): string {
  let out = '';
  let last = 0;
  for (const m of value.matchAll(CODE_SPAN)) {
    out += escapeProse(value.slice(last, m.index)) + codeSpan(m[1]!);
    last = m.index! + m[0].length;
  }
  return out + escapeProse(value.slice(last));
}

/**
 * Shown as themselves in a table cell (which holds no blocks): letters, digits, inner spaces and
 * punctuation that means nothing there. `_` only inside a word (no emphasis), `:` not before `//`, one
 * `~` and one `*` at most (no autolink, strikethrough or emphasis), no `www.`.
 */
const PLAIN = /^(?! )[\p{L}\p{N} ,.\-+%/()=;:'"?^{}_~*]*(?<! )$/u;

function plainCell(value: string): boolean {
  return (
    PLAIN.test(value) &&
    !/(^|[^\p{L}\p{N}])_|_($|[^\p{L}\p{N}])/u.test(value) &&
    !/:\/\//.test(value) &&
    !/~.*~/.test(value) &&
    !/\*.*\*/.test(value) &&
    !/www\./i.test(value)
  );
}

/**
 * A code span for a table cell, fenced with one more backtick than the longest run inside (CommonMark),
 * padded with a space where the text starts or ends with a backtick or with spaces on both sides (one
 * is stripped again). `|` is `\|`, which GFM tables read as a pipe even inside code; a line break,
 * which would end the table row, is shown as `␤`.
 */
export function codeSpan(value: string): string {
  if (value === '') return '';
  const text = value.replace(LINE_BREAK, '␤').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad =
    text.startsWith('`') || text.endsWith('`') || (/^ .* $/.test(text) && text.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A table cell: plain when nothing in it could mean anything, else a code span. */
export function inertCell(value: string): string {
  return plainCell(value) ? value : codeSpan(value);
}

/**
 * One of our own links. `href` must already carry its untrusted part URL-encoded (`encodeURIComponent`
 * per key segment); what could still end the destination (`<`, `>`, white space, `|` in a table) is
 * percent-encoded here too. The text is inert.
 */
export function markdownLink(text: string, href: string): string {
  const destination = href.replace(/[<>\s|\\]/g, (c) => encodeURIComponent(c));
  return `[${inertText(text)}](<${destination}>)`;
}
