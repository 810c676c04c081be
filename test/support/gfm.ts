import { marked, type Token, type Tokens } from 'marked';

/**
 * Reads rendered Markdown the way GitHub does (GFM) and reports what a person would notice: tables
 * without a header or with an empty header cell, empty columns, `<details>` left open or closed twice,
 * links that are not links, HTML that is not ours.
 */
export interface GfmProblems {
  problems: string[];
  tables: Tokens.Table[];
  links: Tokens.Link[];
  headings: Tokens.Heading[];
  codeBlocks: Tokens.Code[];
  /** The visible text of the first heading. */
  headline: string;
}

/** Only these tags are written by the renderer; anything else came from a value and was not made inert. */
const OUR_HTML = /^<\/?(details|summary)( open)?>$|^<br>$|^<!-- aws-task-pack:[^>]*-->$/;

function walk(tokens: Token[], visit: (t: Token) => void): void {
  for (const t of tokens) {
    visit(t);
    const children = (t as { tokens?: Token[] }).tokens;
    if (children) walk(children, visit);
    if (t.type === 'table') {
      const table = t as Tokens.Table;
      for (const cell of table.header) walk(cell.tokens, visit);
      for (const row of table.rows) for (const cell of row) walk(cell.tokens, visit);
    }
    if (t.type === 'list') for (const item of (t as Tokens.List).items) walk(item.tokens, visit);
  }
}

export function inspectGfm(markdown: string): GfmProblems {
  const tokens = marked.lexer(markdown, { gfm: true });
  const problems: string[] = [];
  const tables: Tokens.Table[] = [];
  const links: Tokens.Link[] = [];
  const headings: Tokens.Heading[] = [];
  const codeBlocks: Tokens.Code[] = [];
  let depth = 0;
  walk(tokens, (t) => {
    if (t.type === 'table') tables.push(t as Tokens.Table);
    if (t.type === 'link') links.push(t as Tokens.Link);
    if (t.type === 'heading') headings.push(t as Tokens.Heading);
    if (t.type === 'code') codeBlocks.push(t as Tokens.Code);
    if (t.type === 'image') problems.push(`an image: ${t.raw}`);
    if (t.type === 'html') {
      for (const tag of t.raw.match(/<[^>]*>/g) ?? []) {
        if (!OUR_HTML.test(tag.trim())) problems.push(`HTML that is not the renderer's: ${tag}`);
        if (/^<details/.test(tag)) depth++;
        if (tag === '</details>') depth--;
        if (depth < 0) problems.push('</details> without an opening <details>');
      }
    }
  });
  if (depth !== 0) problems.push(`${depth} <details> left open`);
  for (const table of tables) {
    if (table.header.length === 0) problems.push('a table without a header');
    if (table.header.some((h) => !h.text.trim()))
      problems.push(`an empty header cell: ${table.raw.split('\n')[0]}`);
    table.header.forEach((h, i) => {
      if (table.rows.length && table.rows.every((r) => !r[i]?.text.trim()))
        problems.push(`an empty column: ${h.text}`);
    });
  }
  for (const link of links)
    if (!/^https?:\/\//.test(link.href))
      problems.push(`a link to something other than a web page: ${link.href}`);
  const headline = headings[0]?.text ?? '';
  return { problems, tables, links, headings, codeBlocks, headline };
}
