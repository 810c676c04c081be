import type { SecretFixture } from './fixtures.js';
import {
  escapeCommandData,
  secretsReceived,
  stsCredentialsReceived,
  type RunResult,
  type RunSpec,
} from './harness.js';

/** One run of the bundle, kept for the leak check at the end of a test file. */
export interface Transcript {
  label: string;
  spec: RunSpec;
  result: RunResult;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseObject(text: string): Record<string, Json> | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** JSON leaves as `[path, text]`: objects are walked, arrays and scalars are leaves (their JSON text). */
function leaves(value: Record<string, Json>, path: string[] = []): Array<[string[], string]> {
  return Object.entries(value).flatMap(([key, child]): Array<[string[], string]> =>
    isObject(child)
      ? leaves(child, [...path, key])
      : [[[...path, key], typeof child === 'string' ? child : JSON.stringify(child)]],
  );
}

/**
 * A line of a multi-line value made only of JSON punctuation (`{`, `  },`, `]`): structure, not secret
 * material. It must not be masked either (masking `{` would hide every brace in the job's log).
 */
export const STRUCTURAL_LINE = /^[\s{}[\],:]*$/;

/** The value, and each of its lines (but structural ones) as written and trimmed. */
function withLines(value: string): string[] {
  if (!value) return [];
  const lines = value
    .split(/\r?\n|\r/)
    .filter((l) => !STRUCTURAL_LINE.test(l))
    .flatMap((l) => [l, l.trim()]);
  return [...new Set([value, ...lines])].filter(Boolean);
}

/**
 * What the README promises to mask for one secret value: the whole value, every line of a multi-line
 * value, every JSON leaf (with `json-keys`, only the selected ones) and the base64 form of binary
 * secrets (plus its text when the bytes are valid UTF-8).
 */
export function maskedForms(
  secret: { text?: string; binary?: Uint8Array },
  jsonKeys: string[][] = [],
): string[] {
  const out: string[] = [];
  if (secret.binary) {
    const bytes = Buffer.from(secret.binary);
    out.push(...withLines(bytes.toString('base64')));
    try {
      out.push(...withLines(new TextDecoder('utf-8', { fatal: true }).decode(bytes)));
    } catch {
      // not text: only the base64 form is ever written anywhere
    }
  }
  if (secret.text !== undefined) {
    out.push(...withLines(secret.text));
    const json = parseObject(secret.text);
    if (json)
      for (const [path, leaf] of leaves(json)) {
        const selected =
          jsonKeys.length === 0 || jsonKeys.some((k) => k.every((segment, i) => path[i] === segment));
        if (selected) out.push(...withLines(leaf));
      }
  }
  return [...new Set(out)];
}

/** Every sensitive string of a fixture, selected or not: none of them may ever be printed. */
export function allForms(fixtures: SecretFixture[]): string[] {
  return [...new Set(fixtures.flatMap((f) => maskedForms(f)))];
}

/** How a value can show up in printed text: raw, JSON-escaped, command-escaped, Markdown-cell-escaped. */
export function encodings(value: string): string[] {
  const cell = value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
  const html = (v: string): string => v.replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const br = (v: string): string => v.replace(/\r\n|\r|\n/g, '<br>');
  return [
    ...new Set([
      value,
      JSON.stringify(value).slice(1, -1),
      escapeCommandData(value),
      br(html(cell)),
      html(br(cell)),
    ]),
  ];
}

const ADD_MASK = '::add-mask::';

function carries(text: string, value: string): boolean {
  return encodings(value).some((e) => text.includes(e));
}

export interface Leak {
  run: string;
  where: 'stdout' | 'stderr' | 'summary';
  line: number;
  value: string;
}

/**
 * Check 1: no sensitive value, in any encoding, anywhere in stdout (outside `::add-mask::` lines),
 * stderr or the job summary. Binary secrets are also looked for as raw bytes.
 */
export function findLeaks(transcript: Transcript, values: string[], binaries: Uint8Array[] = []): Leak[] {
  const { result, label } = transcript;
  const leaks: Leak[] = [];
  const scan = (where: Leak['where'], lines: string[], skipMasks: boolean): void =>
    lines.forEach((line, i) => {
      if (skipMasks && line.startsWith(ADD_MASK)) return;
      for (const value of values)
        if (carries(line, value)) leaks.push({ run: label, where, line: i + 1, value });
    });
  scan('stdout', result.stdoutLines, true);
  scan('stderr', result.stderr.split('\n'), false);
  scan('summary', result.summary.split('\n'), false);
  // Multi-line values can only match across lines.
  const printed = result.stdoutLines.filter((l) => !l.startsWith(ADD_MASK)).join('\n');
  for (const value of values.filter((v) => /[\r\n]/.test(v)))
    for (const [where, text] of [
      ['stdout', printed],
      ['stderr', result.stderr],
      ['summary', result.summary],
    ] as const)
      if (carries(text, value)) leaks.push({ run: label, where, line: 0, value });
  for (const bytes of binaries) {
    const needle = Buffer.from(bytes);
    if (result.stdoutBytes.includes(needle))
      leaks.push({ run: label, where: 'stdout', line: 0, value: '<bytes>' });
    if (Buffer.from(result.stderr).includes(needle))
      leaks.push({ run: label, where: 'stderr', line: 0, value: '<bytes>' });
  }
  return leaks;
}

/** The `json-keys` a run selected (only meaningful with `parse-json: true`). */
function jsonKeysOf(spec: RunSpec): string[][] {
  if (!/^(true|True|TRUE)$/.test(spec.inputs['parse-json'] ?? '')) return [];
  return (spec.inputs['json-keys'] ?? '')
    .split(/[,\n]/)
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => k.split('.'));
}

/**
 * The values a run had to mask: every ID token it was given, every credential STS handed it, and the
 * forms of every secret value Secrets Manager sent it (as seen on the wire by the counting proxy).
 */
export function expectedMasks(transcript: Transcript): string[] {
  const { result, spec } = transcript;
  const keys = jsonKeysOf(spec);
  return [
    ...new Set([
      ...result.tokenRequests.flatMap((t) => (t.token ? [t.token] : [])),
      ...stsCredentialsReceived(result.requests),
      ...secretsReceived(result.requests).flatMap((s) => maskedForms(s, keys)),
    ]),
  ];
}

export interface MaskProblem {
  run: string;
  value: string;
  problem: string;
}

/**
 * Check 2: every value the run had to mask has its own `::add-mask::` line, and that line comes
 * before any printed stdout line carrying the value. Other `::add-mask::` lines may carry it (a JSON
 * leaf inside the whole value's mask): the runner consumes those and never displays them.
 */
export function maskOrderProblems(transcript: Transcript): MaskProblem[] {
  const lines = transcript.result.stdoutLines;
  const problems: MaskProblem[] = [];
  for (const value of expectedMasks(transcript)) {
    const own = lines.indexOf(`${ADD_MASK}${escapeCommandData(value)}`);
    if (own < 0) {
      problems.push({ run: transcript.label, value, problem: 'no ::add-mask:: line' });
      continue;
    }
    const firstPrinted = lines.findIndex((l) => !l.startsWith(ADD_MASK) && carries(l, value));
    if (firstPrinted >= 0 && firstPrinted < own)
      problems.push({
        run: transcript.label,
        value,
        problem: `printed on stdout line ${firstPrinted + 1} before its ::add-mask:: line ${own + 1}`,
      });
  }
  return problems;
}
