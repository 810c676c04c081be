/**
 * Untrusted values in the job summary and PR comment: never a live mention, link, image, HTML,
 * reference or autolinked URL; our own links stay links with the untrusted part URL-encoded. Checked on
 * the Markdown source, by the rules GFM and GitHub's post-processing apply to it, and end to end through
 * `runTask` with hostile file names.
 */
import { describe, expect, it } from '@jest/globals';
import { codeSpan, inertCell, inertText, markdownLink } from '../../src/report/inert-markdown.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { Redactor } from '../../src/logging/redactor.js';

const HOSTILE = [
  '@octocat please approve',
  '[Approve](https://evil.example/approve)',
  '![pixel](https://evil.example/track.png)',
  '<img src=x onerror=alert(1)>',
  '<https://evil.example>',
  'https://evil.example/login',
  'www.evil.example',
  'mail me: someone@evil.example',
  'fixes #1 and octo-org/other#2',
  '`code` and ``double`` and ```triple```',
  '`',
  ' x ',
  '*bold* _it_ ~~gone~~ $x^2$',
  '# heading',
  '- list item',
  '1. ordered',
  '| cell | cell |',
  'a\\|b',
  'line one\nline two\r\nline three\rline four',
  '&amp; &#64;octocat',
  '[link]: https://evil.example',
  '_emphasis_ and a~strike~',
  'FTP://evil.example/x',
];

/** Code spans inertText writes: single-backtick pairs around text with no backtick, `|` or break. */
const CODE_SPANS = /(?<!\\)`([^`|\n]+)`/g;

/** Undoes inertText's escapes: what a reader sees (a code span shows its text, in code type). */
function shown(markdown: string): string {
  const parts = markdown.split(CODE_SPANS);
  return parts.map((part, i) => (i % 2 === 1 ? `\`${part}\`` : unescapeProse(part))).join('');
}

function unescapeProse(markdown: string): string {
  return markdown
    .replace(/<br>/g, '\n')
    .replace(/\u2060/g, '')
    .replace(/\\([\\`*_[\]|~$#>+=\-.)0-9])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** What GitHub would still act on in an escaped text (outside code: a code span is inert). */
function live(withCode: string): string[] {
  const markdown = withCode.replace(CODE_SPANS, 'code');
  const found: string[] = [];
  const unescaped = (re: RegExp): boolean =>
    [...markdown.matchAll(re)].some((m) => {
      let slashes = 0;
      for (let i = m.index - 1; i >= 0 && markdown[i] === '\\'; i--) slashes++;
      return slashes % 2 === 0;
    });
  if (unescaped(/[[\]`]/g)) found.push('link, image or code');
  if (/[<>]/.test(markdown.replace(/<br>/g, ''))) found.push('HTML or <autolink>');
  if (/(^|[^\w`])@\w/.test(markdown)) found.push('mention or email');
  if (/#\d/.test(markdown)) found.push('issue reference');
  if (/(https?|ftps?|sftp|ssh|git|file|irc):\/\//i.test(markdown)) found.push('bare URL');
  if (/\bwww\./i.test(markdown)) found.push('www autolink');
  if (/&(?!amp;|lt;|gt;)/.test(markdown)) found.push('entity');
  if (/^\s*([#>+=-]|\d+[.)])/.test(markdown)) found.push('block at the start');
  return found;
}

/** The text of a code span, as CommonMark reads it (in a GFM table: `\|` is a pipe). */
function codeText(span: string): string {
  const fence = /^`+/.exec(span)![0];
  expect(span.endsWith(fence)).toBe(true);
  let inner = span.slice(fence.length, span.length - fence.length);
  // The fence must not appear inside as a run of exactly its length.
  expect([...inner.matchAll(/`+/g)].some((m) => m[0].length === fence.length)).toBe(false);
  if (inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '') inner = inner.slice(1, -1);
  return inner.replace(/\\\|/g, '|');
}

describe('inertText (prose)', () => {
  it.each(HOSTILE)('leaves nothing live in %j and shows the same text', (value) => {
    const md = inertText(value);
    expect(live(md)).toEqual([]);
    expect(shown(md)).toBe(value.replace(/\r\n|\r/g, '\n'));
  });

  it('keeps the redaction mark as it is', () => {
    expect(inertText('token *** and ***')).toBe('token *** and ***');
  });
});

describe('codeSpan and inertCell (table cells)', () => {
  it.each(HOSTILE)('a code span shows %j exactly, on one row', (value) => {
    const md = inertCell(value);
    expect(md).not.toMatch(/[\r\n]/);
    expect(md.replace(/\\\|/g, '')).not.toContain('|');
    expect(md.startsWith('`') ? codeText(md) : md).toBe(value.replace(/\r\n|\r|\n/g, '␤'));
  });

  it('leaves plain words and sizes plain', () => {
    for (const plain of [
      '1.2 KiB',
      'DB,prod/db',
      'DB_PASSWORD',
      'AES256 (SSE-S3)',
      'skipped: not supported',
      '~',
      'ünï/日本語.md',
    ])
      expect(inertCell(plain)).toBe(plain);
    for (const coded of ['s3://b/k', '_x', 'a~b~', 'www.x.y', 'x@y', '#1', 'a*b*'])
      expect(inertCell(coded)).toBe(codeSpan(coded));
    expect(inertCell('')).toBe('');
    expect(codeSpan('a``b')).toBe('```a``b```');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
  });
});

describe('our links', () => {
  it('stay links; the text is inert and the destination cannot be cut short', () => {
    const md = markdownLink('key [x](y)', 'https://cdn.example/a%20b/<x>|y z');
    expect(md).toBe('[key \\[x\\](y)](<https://cdn.example/a%20b/%3Cx%3E%7Cy%20z>)');
  });
});

describe('renderMarkdown with hostile names', () => {
  it('renders every untrusted cell and fact inert, links as links, and redacts before escaping', () => {
    const redactor = new Redactor();
    redactor.add('p@ss_w0rd|<x>');
    const md = renderMarkdown(
      {
        headline: 'Uploaded @octocat [x](https://evil.example) and p@ss_w0rd|<x>',
        facts: [['Root', '/work/![img](https://evil.example/i.png)']],
        tables: [
          {
            title: 'Uploaded',
            columns: ['Key', 'Link'],
            rows: HOSTILE.map((h) => [
              h,
              { text: 'S3 console', href: `https://console.example/?prefix=${encodeURIComponent(h)}` },
            ]),
          },
        ],
        notes: ['see @octocat'],
        outputs: {},
      },
      { title: 'upload-artifact', status: 'succeeded', redact: (t) => redactor.redact(t) },
    );
    expect(md).not.toContain('p@ss_w0rd');
    expect(md).not.toContain('p@\u2060ss\\_w0rd');
    expect(md).toContain('and ***');
    const rows = md.split('\n').filter((l) => l.includes('[S3 console]'));
    expect(rows).toHaveLength(HOSTILE.length);
    for (const row of rows)
      expect(row).toMatch(/\| \[S3 console\]\(<https:\/\/console\.example\/\?prefix=[^\s<>|]*>\) \|$/);
    const prose = md
      .split('\n')
      .filter((l) => !l.includes('[S3 console]') && !l.startsWith('#') && !/^\|[ |-]*\|$/.test(l))
      // The renderer's own folding: the summary text inside is checked like any prose.
      .map((l) =>
        l.replace(/^<details( open)?><summary>(.*)<\/summary>$/, '$2').replace(/^<\/details>$/, ''),
      );
    for (const line of prose)
      expect({
        line,
        live: live(
          line
            .replace(/^\| .*? \| /, '')
            .replace(/ \|$/, '')
            .replace(/^> /, ''),
        ),
      }).toEqual({ line, live: [] });
  });
});
