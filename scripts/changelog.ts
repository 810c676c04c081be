/**
 * Reading and rewriting CHANGELOG.md (Keep a Changelog: `## [Unreleased]`, then `## [X.Y.Z] - DATE`
 * sections, newest first, link references at the bottom).
 *
 *   tsx scripts/changelog.ts notes X.Y.Z   # prints X.Y.Z's section: the release workflow's notes
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const CHANGELOG = 'CHANGELOG.md';
const UNRELEASED = '## [Unreleased]';
/** A section heading or the link references after the last section. */
const SECTION_END = /^## \[|^\[[^\]]+\]: /m;

export class ChangelogError extends Error {}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The version of the newest released section: the first `## [X.Y.Z]` heading. */
export function latestVersion(text: string): string | undefined {
  return /^## \[(\d+\.\d+\.\d+)\]/m.exec(text)?.[1];
}

/** The body of `version`'s section, without its heading; undefined when there is none. */
export function sectionOf(text: string, version: string): string | undefined {
  const heading = new RegExp(`^## \\[${escape(version)}\\][^\\n]*\\n`, 'm').exec(text);
  if (!heading) return undefined;
  const rest = text.slice(heading.index + heading[0].length);
  const end = rest.search(SECTION_END);
  return (end < 0 ? rest : rest.slice(0, end)).trim();
}

/** The changelog with its Unreleased section turned into `version`'s, under a new empty Unreleased. */
export function releaseChangelog(text: string, version: string, date: string, previous: string): string {
  const start = text.indexOf(`\n${UNRELEASED}\n`);
  if (start < 0) throw new ChangelogError(`${CHANGELOG} has no "${UNRELEASED}" heading`);
  const bodyStart = start + UNRELEASED.length + 2;
  const next = text.slice(bodyStart).search(SECTION_END);
  const bodyEnd = next < 0 ? text.length : bodyStart + next;
  const body = text.slice(bodyStart, bodyEnd).trim();
  if (!body)
    throw new ChangelogError(`${CHANGELOG}: the Unreleased section is empty; say what ${version} brings`);
  if (sectionOf(text, version) !== undefined)
    throw new ChangelogError(`${CHANGELOG} already has a section for ${version}`);

  let out =
    text.slice(0, start + 1) +
    `${UNRELEASED}\n\n## [${version}] - ${date}\n\n${body}\n\n` +
    text.slice(bodyEnd);
  // The link references: Unreleased now compares from the new tag, the new version from the previous one.
  const link = /^\[Unreleased\]: (\S+)\/compare\/\S+\.\.\.HEAD$/m.exec(out);
  if (link)
    out = out.replace(
      link[0],
      `[Unreleased]: ${link[1]}/compare/v${version}...HEAD\n[${version}]: ${link[1]}/compare/v${previous}...v${version}`,
    );
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [command, version] = process.argv.slice(2);
  const notes =
    command === 'notes' && version ? sectionOf(readFileSync(CHANGELOG, 'utf8'), version) : undefined;
  if (command !== 'notes' || !version) {
    console.error('usage: tsx scripts/changelog.ts notes X.Y.Z');
    process.exitCode = 1;
  } else if (!notes) {
    console.error(`${CHANGELOG} has no section for ${version}, or it is empty`);
    process.exitCode = 1;
  } else console.log(notes);
}
