/**
 * The release workflow's "Release links in the job summary" step, run as written (bash and jq, with
 * the step's environment): keys from file names become code spans, never Markdown, and the links stay
 * links to the URLs the action built.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

interface Step {
  name?: string;
  run?: string;
}

const workflow = parse(
  readFileSync(new URL('../../.github/workflows/release-upload.yml', import.meta.url), 'utf8'),
) as { jobs: Record<string, { steps: Step[] }> };
const script = Object.values(workflow.jobs)
  .flatMap((j) => j.steps)
  .find((s) => s.name === 'Release links in the job summary')!.run!;

function runStep(urls: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'atp-release-'));
  try {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    execFileSync('bash', ['-e', '-c', script], {
      env: {
        PATH: process.env.PATH,
        S3_URI: 's3://releases/v1.2.3/',
        URLS: JSON.stringify(urls),
        COUNT: String(Object.keys(urls).length),
        GITHUB_STEP_SUMMARY: summary,
      },
    });
    return readFileSync(summary, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const HOSTILE_KEYS = [
  'v1.2.3/app.tar.gz',
  'v1.2.3/@octocat [Approve](https://evil.example) ![x](https://evil.example/p.png)',
  'v1.2.3/<img src=x onerror=alert(1)>',
  'v1.2.3/`tick` ``two``',
  '`',
  'v1.2.3/line\nbreak',
];

describe('release summary links', () => {
  it('shows each key as a code span and links to its URL', () => {
    const urls = Object.fromEntries(
      HOSTILE_KEYS.map((k) => [k, `https://cdn.example/${k.split('/').map(encodeURIComponent).join('/')}`]),
    );
    const md = runStep(urls);
    const lines = md.trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '### Release upload',
      '',
      `- ${HOSTILE_KEYS.length} files in \`s3://releases/v1.2.3/\``,
    ]);
    const items = lines.slice(3);
    expect(items).toHaveLength(HOSTILE_KEYS.length);
    items.forEach((line, i) => {
      const m = /^- \[(`+)( ?)(.*)\2\1\]\(<([^<>\s]+)>\)$/.exec(line);
      expect({ line, parsed: Boolean(m) }).toEqual({ line, parsed: true });
      const [, fence, , text, href] = m!;
      // The fence is longer than any backtick run inside: the span cannot close early.
      expect(Math.max(0, ...(text!.match(/`+/g) ?? []).map((r) => r.length))).toBeLessThan(fence!.length);
      expect(text).toBe(HOSTILE_KEYS[i]!.replace(/\n/g, '␤'));
      expect(href).toBe(urls[HOSTILE_KEYS[i]!]);
    });
  });
});
