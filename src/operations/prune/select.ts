import { folderOf, relativeKey, Tally, type Entry } from './entries.js';
import type { PruneSettings } from './settings.js';

/** Why something stays. */
export type KeptReason = 'newer' | 'latest' | 'filtered' | 'not-in-folder';

export const KEPT_REASONS: Record<KeptReason, string> = {
  newer: 'newer than `older-than`',
  latest: 'among the `keep-latest` newest',
  filtered: 'left out by `include`/`exclude`',
  'not-in-folder': 'directly under the prefix (not in a folder)',
};

/** One unit (an object, a key with its versions, or a folder) as the summary shows it. */
export interface UnitStat {
  name: string;
  count: number;
  bytes: number;
  newest: number;
  /** Undefined for a unit that goes (wholly or, with `versions: all`, in part). */
  kept?: KeptReason;
}

export interface Selection {
  /** What to delete, in listing order. */
  remove: Entry[];
  planned: Tally;
  kept: Map<KeptReason, Tally>;
  /** Units with something to delete, newest first. */
  removedUnits: UnitStat[];
  /** Units kept whole, newest first. */
  keptUnits: UnitStat[];
}

/**
 * The one rule streaming mode applies per object (`older-than` alone, objects, current versions):
 * what `select` decides for the same object when no unit needs to see the others.
 */
export function decideObject(e: Entry, settings: PruneSettings): 'delete' | KeptReason {
  if (!settings.selects(relativeKey(e.key, settings.prefix))) return 'filtered';
  return !settings.olderThan || e.time < settings.olderThan.cutoff.getTime() ? 'delete' : 'newer';
}

/** Streaming mode needs no view of other objects to decide about one. */
export function isStreamable(settings: PruneSettings): boolean {
  return (
    settings.versions === 'current' &&
    settings.groupBy === 'object' &&
    settings.keepLatest === 0 &&
    settings.olderThan !== undefined
  );
}

interface Unit {
  name: string;
  entries: Entry[];
  /** Newest entry of any kind: the unit's age. */
  newest: number;
  /** Newest object version (not delete marker): the rank for keep-latest, so deleted keys take no slot. */
  rank: number;
  filtered: boolean;
}

/** Adds entries to the tally of one reason. */
export function keep(kept: Map<KeptReason, Tally>, reason: KeptReason, entries: Iterable<Entry>): void {
  let tally = kept.get(reason);
  if (!tally) kept.set(reason, (tally = new Tally()));
  for (const e of entries) tally.add(e);
}

function statOf(unit: Unit, entries: Entry[], kept?: KeptReason): UnitStat {
  return {
    name: unit.name,
    count: entries.length,
    bytes: entries.reduce((n, e) => n + e.size, 0),
    newest: unit.newest,
    kept,
  };
}

/**
 * Decides about every entry under the prefix. Units are objects (`group-by: object`; with
 * `versions: all`, a key with all its versions) or first-level folders. Units whose entries are not
 * all selected by include/exclude are kept whole; of the rest the `keep-latest` newest are kept;
 * the others go when older than `older-than` (or always, without it). With `versions: all` and
 * `group-by: object` each version and delete marker is aged on its own, and the delete markers of a
 * key left with no version go too. A folder is aged by its newest entry, so it goes whole or stays whole.
 */
export function select(entries: readonly Entry[], settings: PruneSettings): Selection {
  const { prefix } = settings;
  const kept = new Map<KeptReason, Tally>();
  const units = new Map<string, Unit>();
  for (const e of entries) {
    const name = settings.groupBy === 'folder' ? folderOf(e.key, prefix) : e.key;
    if (name === undefined) {
      keep(kept, 'not-in-folder', [e]);
      continue;
    }
    let unit = units.get(name);
    if (!unit)
      units.set(name, (unit = { name, entries: [], newest: -Infinity, rank: -Infinity, filtered: false }));
    unit.entries.push(e);
    unit.newest = Math.max(unit.newest, e.time);
    if (!e.deleteMarker) unit.rank = Math.max(unit.rank, e.time);
    if (!unit.filtered && !settings.selects(relativeKey(e.key, prefix))) unit.filtered = true;
  }

  const byNewest = (a: Unit, b: Unit): number =>
    b.rank - a.rank || b.newest - a.newest || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const candidates = [...units.values()].filter((u) => !u.filtered).sort(byNewest);
  const removeSet = new Set<Entry>();
  const removedUnits: UnitStat[] = [];
  const keptUnits: UnitStat[] = [];
  const keepUnit = (u: Unit, reason: KeptReason): void => {
    keep(kept, reason, u.entries);
    keptUnits.push(statOf(u, u.entries, reason));
  };

  for (const u of [...units.values()].filter((x) => x.filtered).sort(byNewest)) keepUnit(u, 'filtered');
  const cutoff = settings.olderThan?.cutoff.getTime() ?? Infinity;
  candidates.forEach((u, index) => {
    if (index < settings.keepLatest) return keepUnit(u, 'latest');
    const perEntry = settings.versions === 'all' && settings.groupBy === 'object';
    if (!perEntry) {
      if (u.newest >= cutoff) return keepUnit(u, 'newer');
      u.entries.forEach((e) => removeSet.add(e));
      removedUnits.push(statOf(u, u.entries));
      return;
    }
    const going = new Set(u.entries.filter((e) => e.time < cutoff));
    const versionsLeft = u.entries.some((e) => !e.deleteMarker && !going.has(e));
    // A delete marker with no version left behind it hides nothing: it goes whatever its age.
    if (!versionsLeft) for (const e of u.entries) if (e.deleteMarker) going.add(e);
    if (going.size === 0) return keepUnit(u, 'newer');
    keep(
      kept,
      'newer',
      u.entries.filter((e) => !going.has(e)),
    );
    going.forEach((e) => removeSet.add(e));
    removedUnits.push(statOf(u, [...going]));
  });

  const remove = entries.filter((e) => removeSet.has(e));
  const planned = new Tally();
  for (const e of remove) planned.add(e);
  return { remove, planned, kept, removedUnits, keptUnits };
}
