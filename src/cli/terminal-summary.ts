/**
 * The job summary is GitHub-flavoured Markdown; a terminal shows it as text: headings as lines of
 * their own, tables as aligned columns, `<details>` as an indented section, links as `text (url)`,
 * code marks and HTML removed. Control characters never reach the terminal, whatever the summary held.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const n =
        code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    }
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

/** Markdown outside code spans: HTML, links, emphasis and escapes give way to their text. */
function prose(text: string): string {
  return decodeEntities(
    text
      // Links first: our link targets are written `<url>`, which the HTML rule would take for a tag.
      .replace(/!?\[([^\]]*)\]\(<?([^)\s>]+)>?\)/g, (_, label: string, url: string) =>
        label && label !== url ? `${label} (${url})` : url,
      )
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/<[^>]+>/g, '')
      .replace(/\*\*([^*]+)\*\*/g, '$1')
      .replace(/(?<![\w\\])_([^_\n]+)_(?!\w)/g, '$1')
      .replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1'),
  );
}

/** A code span's text: without its fence, and the one space padding a fence (CommonMark). */
function codeText(span: string): string {
  const fence = /^`+/.exec(span)![0].length;
  const inner = span.slice(fence, -fence);
  return /^ .* $/.test(inner) && inner.trim() ? inner.slice(1, -1) : inner;
}

function inline(text: string): string {
  // Code spans are literal in Markdown: their text is shown as it is, without the marks.
  const out = text
    .split(/((`+)[^`][\s\S]*?\2(?!`))/)
    .filter((_, i) => i % 3 !== 2)
    .map((part, i) => (i % 2 ? codeText(part) : prose(part)))
    .join('');
  // eslint-disable-next-line no-control-regex
  return out.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** Cells of a `| a | b |` row; `\|` inside a cell is a literal bar. */
function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => inline(c.trim().replace(/\\\|/g, '|')));
}

function table(rows: string[], indent: string): string[] {
  const body = rows.filter((r) => !/^\s*\|?\s*:?-{3,}/.test(r)).map(cells);
  const widths: number[] = [];
  for (const row of body) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return body.map((row) =>
    `${indent}${row.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ')}`.trimEnd(),
  );
}

export function summaryAsText(markdown: string, options: { bold?: boolean } = {}): string {
  const bold = (s: string): string => (options.bold ? `\u001b[1m${s}\u001b[22m` : s);
  const out: string[] = [];
  let depth = 0;
  let fence = false;
  const lines = markdown.replace(/<!--[\s\S]*?-->/g, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const indent = '  '.repeat(depth);
    if (/^\s*```/.test(raw)) {
      fence = !fence;
      continue;
    }
    if (fence) {
      out.push(`${indent}  ${inline(raw.replace(/</g, '&lt;'))}`.trimEnd());
      continue;
    }
    const summary = /<summary>([\s\S]*?)<\/summary>/i.exec(raw);
    if (/<details/i.test(raw) || summary) {
      if (summary) out.push(`${indent}${inline(summary[1]!)}:`);
      if (/<details/i.test(raw)) depth++;
      continue;
    }
    if (/<\/details>/i.test(raw)) {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (/^\s*\|/.test(raw)) {
      const rows = [raw];
      while (i + 1 < lines.length && /^\s*\|/.test(lines[i + 1]!)) rows.push(lines[++i]!);
      out.push(...table(rows, `${'  '.repeat(depth)}  `));
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(raw);
    if (heading) {
      out.push(`${indent}${bold(inline(heading[1]!))}`);
      continue;
    }
    const quote = /^>\s?(.*)$/.exec(raw);
    out.push(`${indent}${inline(quote ? quote[1]! : raw)}`.trimEnd());
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
