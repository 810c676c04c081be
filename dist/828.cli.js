export const id = 828;
export const ids = [828];
export const modules = {

/***/ 7784:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ow: () => (/* binding */ lifecycleRuleOf),
/* harmony export */   iv: () => (/* binding */ RULE_FORM),
/* harmony export */   lW: () => (/* binding */ ruleLine)
/* harmony export */ });
const RULE_FORM = 'one rule per line: `id=NAME [prefix=PREFIX] [expire-days=N] [noncurrent-days=N [keep-noncurrent=N]] [abort-incomplete-days=N] [expired-delete-markers=true]`, or `id=NAME state=absent`';
/** The S3 rule a declaration stands for. */
function lifecycleRuleOf(r) {
    return {
        ID: r.id,
        Status: 'Enabled',
        Filter: { Prefix: r.prefix },
        ...(r.expireDays !== undefined
            ? { Expiration: { Days: r.expireDays } }
            : r.expiredDeleteMarkers
                ? { Expiration: { ExpiredObjectDeleteMarker: true } }
                : {}),
        ...(r.noncurrentDays !== undefined
            ? {
                NoncurrentVersionExpiration: {
                    NoncurrentDays: r.noncurrentDays,
                    ...(r.keepNoncurrent !== undefined ? { NewerNoncurrentVersions: r.keepNoncurrent } : {}),
                },
            }
            : {}),
        ...(r.abortIncompleteDays !== undefined
            ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: r.abortIncompleteDays } }
            : {}),
    };
}
/** The declaration as a `lifecycle-rules` line, the form prune's plan suggests. */
function ruleLine(r) {
    const value = (v) => (/^[^\s"]*$/.test(v) && v !== '' ? v : JSON.stringify(v));
    return [
        `id=${value(r.id)}`,
        r.prefix ? `prefix=${value(r.prefix)}` : undefined,
        r.expireDays !== undefined ? `expire-days=${r.expireDays}` : undefined,
        r.expiredDeleteMarkers ? 'expired-delete-markers=true' : undefined,
        r.noncurrentDays !== undefined ? `noncurrent-days=${r.noncurrentDays}` : undefined,
        r.keepNoncurrent !== undefined ? `keep-noncurrent=${r.keepNoncurrent}` : undefined,
        r.abortIncompleteDays !== undefined ? `abort-incomplete-days=${r.abortIncompleteDays}` : undefined,
    ]
        .filter(Boolean)
        .join(' ');
}


/***/ }),

/***/ 1828:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  prune: () => (/* binding */ prune),
  streamingLimits: () => (/* reexport */ streamingLimits)
});

// EXTERNAL MODULE: ./src/aws/classify.ts
var classify = __webpack_require__(8199);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/util/concurrency.ts
var concurrency = __webpack_require__(3731);
// EXTERNAL MODULE: ./src/operations/prune/delete.ts
var prune_delete = __webpack_require__(4846);
// EXTERNAL MODULE: ./src/operations/prune/entries.ts
var prune_entries = __webpack_require__(6965);
// EXTERNAL MODULE: ./src/operations/prune/listing.ts
var listing = __webpack_require__(6309);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/operations/prune/manifest.ts



/**
 * The JSON list of what was deleted (in dry-run: what would be), written as it happens so that a
 * prune of a million keys never holds them all, and a cancelled one still says what it did.
 */
class Manifest {
    path;
    count = 0;
    closed = false;
    constructor(dir, bucket) {
        this.path = (0,external_node_path_.join)(dir, `prune-manifest-${bucket}-${Date.now()}-${(0,external_node_crypto_.randomBytes)(3).toString('hex')}.json`);
        (0,external_node_fs_.writeFileSync)(this.path, '[');
    }
    /** `unconfirmed`: sent in a DeleteObjects call that got no definite answer, so perhaps deleted. */
    add(entries, options = {}) {
        if (entries.length === 0)
            return;
        // Built as text, field by field, in the order `JSON.stringify` of the record would give: a prune of
        // 100,000 keys writes 100,000 of these, and an object spread per key showed in the profile.
        let text = '';
        for (const e of entries) {
            text += `${this.count++ === 0 ? '' : ','}\n  {"key":${JSON.stringify(e.key)}`;
            if (e.versionId !== undefined)
                text += `,"versionId":${JSON.stringify(e.versionId)}`;
            if (e.deleteMarker)
                text += ',"deleteMarker":true';
            text += `,"size":${e.size},"lastModified":"${new Date(e.time).toISOString()}"`;
            text += options.unconfirmed ? ',"unconfirmed":true}' : '}';
        }
        (0,external_node_fs_.appendFileSync)(this.path, text);
    }
    /** Ends the JSON list; safe to call twice. */
    close() {
        if (this.closed)
            return;
        this.closed = true;
        (0,external_node_fs_.appendFileSync)(this.path, this.count ? '\n]\n' : ']\n');
    }
}

// EXTERNAL MODULE: ./src/aws/bucket-name.ts
var bucket_name = __webpack_require__(5623);
;// CONCATENATED MODULE: ./src/operations/prune/outcome.ts




/** The same error, saying what had been deleted before it happened, and what may have been. */
function withProgress(err, { deleted, unconfirmed }, noun, manifest) {
    if (deleted.count === 0 && unconfirmed.count === 0)
        return err;
    const done = deleted.count
        ? ` Before that, ${noun(deleted.count)} were deleted (listed in ${manifest}).`
        : '';
    const perhaps = unconfirmed.count
        ? ` ${noun(unconfirmed.count)} in DeleteObjects calls that got no definite answer may have been deleted${done ? ' too' : ''} (\`"unconfirmed": true\` in ${manifest}).`
        : '';
    return new errors/* TaskError */.Ik(err.kind, `${err.message}${done}${perhaps}`, {
        errorCode: err.errorCode,
        hint: err.hint,
        cause: err,
    });
}
/**
 * Every key refused inside the DeleteObjects replies (S3 answers 200 and lists each key as
 * AccessDenied when `s3:DeleteObject` is missing) and nothing deleted: a missing permission, not a
 * partial failure.
 */
function everyKeyDenied(outcome, settings, region, noun) {
    const { bucket, prefix } = settings;
    const keys = outcome.failures.map((f) => f.entry.key);
    const permissions = ['s3:DeleteObject', ...(settings.versions === 'all' ? ['s3:DeleteObjectVersion'] : [])];
    return new errors/* TaskError */.Ik('accessDenied', `DeleteObjects on ${(0,prune_entries/* s3Uri */.tT)(bucket, prefix)} was denied for every key: ${noun(keys.length)} refused with AccessDenied (${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', …' : ''}); nothing was deleted.`, {
        errorCode: 'AccessDenied',
        hint: `${(0,classify/* grantHint */._s)(permissions, `arn:${(0,bucket_name/* partitionOf */.i)(region)}:s3:::${bucket}/${prefix}*`)} If it has them, Object Lock, a legal hold or a bucket policy protects these objects.`,
    });
}
function partialError(outcome, aborts, noun, manifest) {
    const failed = outcome.failures.length + aborts.failures.length;
    const codes = new Map();
    for (const f of [...outcome.failures, ...aborts.failures])
        codes.set(f.code, (codes.get(f.code) ?? 0) + 1);
    const byCode = [...codes].map(([code, n]) => `${code} ×${n}`).join(', ');
    const shown = [
        ...outcome.failures.map((f) => `${f.entry.key}${f.entry.versionId ? ` (${f.entry.versionId})` : ''}: ${f.code}`),
        ...aborts.failures.map((f) => `upload ${f.upload.key}: ${f.code}`),
    ];
    return new errors/* TaskError */.Ik('partial', `${failed} deletion${failed === 1 ? '' : 's'} failed (${byCode}); ${noun(outcome.deleted.count)} were deleted (listed in ${manifest}). Failed: ${shown.slice(0, 10).join('; ')}${shown.length > 10 ? `; and ${shown.length - 10} more` : ''}.`, {
        errorCode: outcome.failures[0]?.code ?? aborts.failures[0]?.code ?? 'Unknown',
        hint: 'Every failed key is logged above as `delete failed:`. `AccessDenied` on single keys usually means Object Lock, a legal hold or a bucket policy; running the prune again retries what is left.',
    });
}

// EXTERNAL MODULE: ./src/aws/lifecycle-rule.ts
var lifecycle_rule = __webpack_require__(7784);
// EXTERNAL MODULE: ./src/inputs/reader.ts
var inputs_reader = __webpack_require__(9066);
// EXTERNAL MODULE: ./src/inputs/key-values.ts
var key_values = __webpack_require__(829);
// EXTERNAL MODULE: ./src/operations/prune/glob.ts
var glob = __webpack_require__(2215);
;// CONCATENATED MODULE: ./src/operations/prune/settings.ts




const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** A hundred years: anything longer is a typo, and keeps the cutoff a valid date. */
const MAX_AGE_MS = 36_500 * UNIT_MS.d;
const DURATION = /^(\d{1,9})(m|h|d|w)$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;
/** A duration input (`30d`) in milliseconds, or undefined when the input is not a duration. */
function durationMs(value) {
    const m = DURATION.exec(value);
    return m ? Number(m[1]) * UNIT_MS[m[2]] : undefined;
}
const OLDER_THAN_FORMS = 'a duration such as `90m`, `12h`, `30d`, `2w`, or an ISO-8601 instant such as `2026-01-01T00:00:00Z`';
/** `older-than` as a cutoff instant: a duration counts back from `now`; an instant must be in the past. */
function parseOlderThan(value, now) {
    const ms = durationMs(value);
    if (ms !== undefined) {
        if (ms === 0)
            throw new errors/* InputError */.dz('older-than', `${(0,inputs_reader/* quote */.h)(value)} is zero`, 'a positive duration');
        if (ms > MAX_AGE_MS)
            throw new errors/* InputError */.dz('older-than', `${(0,inputs_reader/* quote */.h)(value)} is over 100 years`);
        return { cutoff: new Date(now - ms), input: value };
    }
    const instant = INSTANT.exec(value);
    if (instant) {
        const [, y, mo, d, h = '00', mi = '00', s = '00'] = instant;
        // Date.parse rolls 2026-02-30 over into March: check the fields ourselves.
        const fields = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
        const check = new Date(fields);
        const valid = check.getUTCFullYear() === +y &&
            check.getUTCMonth() === +mo - 1 &&
            check.getUTCDate() === +d &&
            check.getUTCHours() === +h &&
            check.getUTCMinutes() === +mi &&
            check.getUTCSeconds() === +s;
        const time = Date.parse(instant[4] === undefined ? `${value}T00:00:00Z` : value);
        if (!valid || Number.isNaN(time))
            throw new errors/* InputError */.dz('older-than', `${(0,inputs_reader/* quote */.h)(value)} is not a valid date and time`, OLDER_THAN_FORMS);
        if (time > now)
            throw new errors/* InputError */.dz('older-than', `${(0,inputs_reader/* quote */.h)(value)} is in the future, so every object would qualify`, 'an instant in the past');
        return { cutoff: new Date(time), input: value };
    }
    throw new errors/* InputError */.dz('older-than', `${(0,inputs_reader/* quote */.h)(value)} is neither a duration nor an instant`, OLDER_THAN_FORMS);
}
function parseGlobs(reader, name) {
    const patterns = reader.lines(name);
    for (const p of patterns) {
        try {
            (0,glob/* globToRegExp */.t)(p);
        }
        catch (err) {
            throw new errors/* InputError */.dz(name, `${(0,inputs_reader/* quote */.h)(p)}: ${err.message}`, 'a glob such as `**/*.zip`');
        }
    }
    return patterns;
}
function parsePrune(reader, _common, now = Date.now()) {
    const bucket = (0,key_values/* parseBucket */.W5)(reader, 'prune');
    const wholeBucket = reader.boolean('allow-whole-bucket');
    const prefix = reader.string('prefix') ?? '';
    if (!prefix && !wholeBucket)
        throw new errors/* InputError */.dz('prefix', 'is required by `prune` (an empty prefix means the whole bucket)', 'a key prefix such as `builds/`, or `allow-whole-bucket: true` to prune the whole bucket');
    // S3 keys are at most 1024 bytes of UTF-8: a longer prefix matches nothing.
    if (Buffer.byteLength(prefix) > 1024)
        throw new errors/* InputError */.dz('prefix', 'is longer than 1024 bytes (UTF-8)');
    const olderThanInput = reader.string('older-than');
    const olderThan = olderThanInput === undefined ? undefined : parseOlderThan(olderThanInput, now);
    const keepLatest = reader.integer('keep-latest', 0, 1_000_000);
    if (!olderThan && keepLatest === 0)
        throw new errors/* InputError */.dz('older-than', 'is missing and so is `keep-latest`: nothing would limit the deletion', 'at least one of `older-than` (e.g. `30d`) and `keep-latest` (e.g. `5`)');
    const include = parseGlobs(reader, 'include');
    const exclude = parseGlobs(reader, 'exclude');
    const included = include.length ? (0,glob/* anyGlob */.x)(include) : () => true;
    const excluded = exclude.length ? (0,glob/* anyGlob */.x)(exclude) : () => false;
    return {
        bucket,
        prefix,
        olderThan,
        keepLatest,
        groupBy: reader.choice('group-by', ['object', 'folder']),
        include,
        exclude,
        selects: (key) => included(key) && !excluded(key),
        versions: reader.choice('versions', ['current', 'all']),
        abortIncompleteUploads: reader.boolean('abort-incomplete-uploads'),
        maxDeletes: reader.integer('max-deletes', 0, 100_000_000),
    };
}

;// CONCATENATED MODULE: ./src/operations/prune/lifecycle-equivalent.ts


const DAY_MS = 86_400_000;
function ruleId(prefix) {
    const slug = prefix
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 200);
    return `prune-${slug || 'bucket'}`;
}
/** `older-than` in whole days, rounded up (lifecycle counts whole days), or undefined for an instant. */
function olderThanDays(settings) {
    const ms = settings.olderThan && durationMs(settings.olderThan.input);
    if (!ms)
        return undefined;
    const days = Math.max(1, Math.ceil(ms / DAY_MS));
    return { days, rounded: days * DAY_MS !== ms };
}
/**
 * Maps a prune to a lifecycle rule:
 * - `older-than` (a duration) on current objects → Expiration after N days;
 * - `versions: all` → also NoncurrentVersionExpiration, with NewerNoncurrentVersions for `keep-latest`;
 * - stale multipart uploads → AbortIncompleteMultipartUpload after N days.
 * Globs, folders, a fixed date and keep-latest of current objects have no lifecycle form.
 */
function lifecycleEquivalent(settings) {
    const none = [];
    if (settings.include.length || settings.exclude.length)
        none.push('`include`/`exclude` globs: a lifecycle rule filters by prefix, object tags and size only');
    if (settings.groupBy === 'folder')
        none.push('`group-by: folder`: a lifecycle rule ages each object on its own, not a folder by its newest object');
    if (settings.olderThan && !olderThanDays(settings))
        none.push('`older-than` as a fixed instant: a lifecycle `Date` expires everything under the prefix from that day on, not only what is older');
    if (settings.versions === 'current' && settings.keepLatest > 0)
        none.push('`keep-latest` of current objects: a lifecycle rule has no count of current objects to keep');
    const age = olderThanDays(settings);
    const notes = [];
    const uploadsOnly = none.length > 0 && settings.abortIncompleteUploads && age !== undefined
        ? `Stale multipart uploads alone can be handed to S3: \`id=${ruleId(settings.prefix)}-uploads${settings.prefix ? ` prefix=${JSON.stringify(settings.prefix)}` : ''} abort-incomplete-days=${age.days}\`.`
        : undefined;
    if (none.length)
        return {
            exact: false,
            notes: [
                `No S3 lifecycle rule can express this selection: ${none.join('; ')}.`,
                ...(uploadsOnly ? [uploadsOnly] : []),
            ],
        };
    const rule = { id: ruleId(settings.prefix), prefix: settings.prefix, absent: false };
    let exact = true;
    if (age) {
        rule.expireDays = age.days;
        if (age.rounded) {
            exact = false;
            notes.push(`\`older-than: ${settings.olderThan.input}\` is rounded up to ${age.days} day${age.days === 1 ? '' : 's'}: lifecycle counts whole days.`);
        }
        if (settings.abortIncompleteUploads)
            rule.abortIncompleteDays = age.days;
    }
    if (settings.versions === 'all') {
        rule.noncurrentDays = age?.days ?? 1;
        exact = false;
        notes.push('A noncurrent version counts its days from when it was replaced, not from its creation as in prune: S3 keeps it longer, never shorter.');
        if (settings.keepLatest > 0) {
            rule.keepNoncurrent = Math.min(settings.keepLatest, 100);
            notes.push(`\`keep-latest: ${settings.keepLatest}\` becomes NewerNoncurrentVersions ${rule.keepNoncurrent}: S3 keeps the ${rule.keepNoncurrent} newest noncurrent versions of every key, where prune keeps the ${settings.keepLatest} newest keys.`);
            if (!age)
                delete rule.expireDays;
        }
    }
    if (rule.expireDays === undefined &&
        rule.noncurrentDays === undefined &&
        rule.abortIncompleteDays === undefined)
        return { exact: false, notes: ['No S3 lifecycle rule can express this selection.'] };
    notes.unshift('S3 applies lifecycle rules once a day, asynchronously, at no request cost: objects go within about a day of qualifying, not at the minute.');
    return { rule, line: (0,lifecycle_rule/* ruleLine */.lW)(rule), exact, notes };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./src/report/format.ts
var format = __webpack_require__(2011);
;// CONCATENATED MODULE: ./src/operations/prune/select.ts

const KEPT_REASONS = {
    newer: 'newer than `older-than`',
    latest: 'among the `keep-latest` newest',
    filtered: 'left out by `include`/`exclude`',
    'not-in-folder': 'directly under the prefix (not in a folder)',
};
/**
 * The one rule streaming mode applies per object (`older-than` alone, objects, current versions):
 * what `select` decides for the same object when no unit needs to see the others.
 */
function decideObject(e, settings) {
    if (!settings.selects((0,prune_entries/* relativeKey */.AB)(e.key, settings.prefix)))
        return 'filtered';
    return !settings.olderThan || e.time < settings.olderThan.cutoff.getTime() ? 'delete' : 'newer';
}
/** Streaming mode needs no view of other objects to decide about one. */
function isStreamable(settings) {
    return (settings.versions === 'current' &&
        settings.groupBy === 'object' &&
        settings.keepLatest === 0 &&
        settings.olderThan !== undefined);
}
/** Adds entries to the tally of one reason. */
function keep(kept, reason, entries) {
    let tally = kept.get(reason);
    if (!tally)
        kept.set(reason, (tally = new prune_entries/* Tally */.F0()));
    for (const e of entries)
        tally.add(e);
}
function statOf(unit, entries, kept) {
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
function select_select(entries, settings) {
    const { prefix } = settings;
    const kept = new Map();
    const units = new Map();
    for (const e of entries) {
        const name = settings.groupBy === 'folder' ? (0,prune_entries/* folderOf */.yS)(e.key, prefix) : e.key;
        if (name === undefined) {
            keep(kept, 'not-in-folder', [e]);
            continue;
        }
        let unit = units.get(name);
        if (!unit)
            units.set(name, (unit = { name, entries: [], newest: -Infinity, rank: -Infinity, filtered: false }));
        unit.entries.push(e);
        unit.newest = Math.max(unit.newest, e.time);
        if (!e.deleteMarker)
            unit.rank = Math.max(unit.rank, e.time);
        if (!unit.filtered && !settings.selects((0,prune_entries/* relativeKey */.AB)(e.key, prefix)))
            unit.filtered = true;
    }
    const byNewest = (a, b) => b.rank - a.rank || b.newest - a.newest || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const candidates = [...units.values()].filter((u) => !u.filtered).sort(byNewest);
    const removeSet = new Set();
    const removedUnits = [];
    const keptUnits = [];
    const keepUnit = (u, reason) => {
        keep(kept, reason, u.entries);
        keptUnits.push(statOf(u, u.entries, reason));
    };
    for (const u of [...units.values()].filter((x) => x.filtered).sort(byNewest))
        keepUnit(u, 'filtered');
    const cutoff = settings.olderThan?.cutoff.getTime() ?? Infinity;
    candidates.forEach((u, index) => {
        if (index < settings.keepLatest)
            return keepUnit(u, 'latest');
        const perEntry = settings.versions === 'all' && settings.groupBy === 'object';
        if (!perEntry) {
            if (u.newest >= cutoff)
                return keepUnit(u, 'newer');
            u.entries.forEach((e) => removeSet.add(e));
            removedUnits.push(statOf(u, u.entries));
            return;
        }
        const going = new Set(u.entries.filter((e) => e.time < cutoff));
        const versionsLeft = u.entries.some((e) => !e.deleteMarker && !going.has(e));
        // A delete marker with no version left behind it hides nothing: it goes whatever its age.
        if (!versionsLeft)
            for (const e of u.entries)
                if (e.deleteMarker)
                    going.add(e);
        if (going.size === 0)
            return keepUnit(u, 'newer');
        keep(kept, 'newer', u.entries.filter((e) => !going.has(e)));
        going.forEach((e) => removeSet.add(e));
        removedUnits.push(statOf(u, [...going]));
    });
    const remove = entries.filter((e) => removeSet.has(e));
    const planned = new prune_entries/* Tally */.F0();
    for (const e of remove)
        planned.add(e);
    return { remove, planned, kept, removedUnits, keptUnits };
}

;// CONCATENATED MODULE: ./src/operations/prune/plan.ts









/** Streaming mode keeps at most `heldEntries` selected entries (~100 bytes each) for apply. Tests lower it. */
const streamingLimits = { heldEntries: 200_000 };
/** `(dryrun) delete: s3://…` lines for the first KEY_LINES entries, as the aws CLI prints them. */
class PlannedLines {
    logger;
    bucket;
    shown = 0;
    total = 0;
    constructor(logger, bucket) {
        this.logger = logger;
        this.bucket = bucket;
    }
    add(entries) {
        for (const e of entries) {
            this.total++;
            if (this.shown >= prune_delete/* KEY_LINES */.UZ)
                continue;
            this.shown++;
            this.logger.startGroup('Keys a run would delete');
            this.logger.info('object.planned', `(dryrun) delete: ${(0,prune_entries/* describeEntry */.OY)(this.bucket, e)}`, {
                key: e.key,
                versionId: e.versionId,
                deleteMarker: e.deleteMarker,
                size: e.size,
                lastModified: new Date(e.time).toISOString(),
            });
        }
    }
    end(manifest) {
        this.logger.endGroup();
        if (this.total > this.shown)
            this.logger.info('objects.planned-more', `… and ${this.total - this.shown} more would be deleted; every key is in ${manifest}`, { more: this.total - this.shown, manifest });
    }
}
function target(ctx, settings) {
    return { s3: ctx.clients.s3(), bucket: settings.bucket, prefix: settings.prefix, signal: ctx.signal };
}
async function staleUploads(t, cutoff, logger) {
    const stale = [];
    try {
        for await (const page of (0,listing/* listUploads */.zF)(t))
            stale.push(...page.filter((u) => u.initiated < cutoff));
    }
    catch (err) {
        // Some S3-compatible stores have no multipart listing: that must not block the prune itself.
        if (!(err instanceof errors/* TaskError */.Ik) || !['NotImplemented', 'Http501'].includes(err.errorCode))
            throw err;
        logger.warning('uploads.unsupported', 'This S3 store cannot list multipart uploads; none were aborted', {
            errorCode: err.errorCode,
        });
    }
    return stale;
}
async function versioningStatus(ctx, bucket) {
    try {
        const reply = await ctx.clients
            .s3()
            .send(new dist_cjs/* GetBucketVersioningCommand */._rj({ Bucket: bucket }), { abortSignal: ctx.signal });
        return reply?.Status;
    }
    catch (err) {
        // Only for a note in the summary: a role without s3:GetBucketVersioning still prunes.
        ctx.logger.debug('bucket.versioning-unknown', 'Could not read the bucket versioning status', {
            error: err.name,
        });
        return undefined;
    }
}
/** Streaming mode: each object decided as it is listed; holds the selection while it fits. */
async function selectStreaming(t, settings, dryRun, sinks) {
    const sel = {
        listed: 0,
        listCalls: 0,
        planned: new prune_entries/* Tally */.F0(),
        kept: new Map(),
        removedUnits: [],
        keptUnits: [],
        firstKeys: [],
    };
    // A dry run deletes nothing, so it holds nothing.
    let held = dryRun ? undefined : [];
    const holdAtMost = Math.min(settings.maxDeletes, streamingLimits.heldEntries);
    for await (const page of (0,listing/* listObjects */.L)(t)) {
        sel.listCalls++;
        sel.listed += page.length;
        const going = [];
        for (const e of page) {
            sinks.see(e.key);
            const decision = decideObject(e, settings);
            if (decision !== 'delete') {
                keep(sel.kept, decision, [e]);
                continue;
            }
            sel.planned.add(e);
            going.push(e);
            if (sel.firstKeys.length < prune_entries/* FIRST_KEYS */.KD)
                sel.firstKeys.push(e);
        }
        sinks.planned(going);
        if (held && held.length + going.length > holdAtMost)
            held = undefined;
        else if (held)
            for (const e of going)
                held.push(e);
    }
    sel.remove = held;
    return sel;
}
/** Planned mode: the whole prefix in view, then one selection over it. */
async function selectPlanned(t, settings, sinks) {
    const entries = [];
    let listCalls = 0;
    for await (const page of (settings.versions === 'all' ? listing/* listVersions */.yO : listing/* listObjects */.L)(t)) {
        listCalls++;
        for (const e of page) {
            sinks.see(e.key);
            entries.push(e);
        }
    }
    const { remove, planned, kept, removedUnits, keptUnits } = select_select(entries, settings);
    sinks.planned(remove);
    return {
        listed: entries.length,
        listCalls,
        planned,
        kept,
        remove,
        removedUnits,
        keptUnits,
        firstKeys: remove.slice(0, prune_entries/* FIRST_KEYS */.KD),
    };
}
function plannedChanges(settings, planned, uploads) {
    const where = (0,prune_entries/* s3Uri */.tT)(settings.bucket, settings.prefix);
    return [
        ...(planned.count
            ? [
                {
                    action: 'delete',
                    target: where,
                    reason: `${(0,prune_entries/* countNoun */.y_)(planned.count, settings.versions)} selected`,
                },
            ]
            : []),
        ...(uploads.length
            ? [{ action: 'abort', target: where, reason: `${uploads.length} stale multipart uploads` }]
            : []),
    ];
}
/** `prefix: build` also matches `build-old/…`: say so once, with examples. */
function warnOutsideFolder(logger, prefix, outside) {
    if (outside.count)
        logger.warning('prefix.outside-folder', `\`prefix: ${prefix}\` does not end in \`/\`, so it also matches ${outside.count} key${outside.count === 1 ? '' : 's'} outside the folder \`${prefix}/\`, e.g. ${outside.examples.map((k) => `\`${k}\``).join(', ')}; set \`prefix: ${prefix}/\` to stay inside it`, { prefix, outside: outside.count, examples: outside.examples });
}
/** A plan over `max-deletes` is refused before the first delete. */
function overLimit(settings, planned, manifestPath) {
    const { bucket, prefix } = settings;
    const noun = (n) => (0,prune_entries/* countNoun */.y_)(n, settings.versions);
    return planned.count > settings.maxDeletes
        ? new errors/* TaskError */.Ik('refused', `The plan would delete ${noun(planned.count)} under ${(0,prune_entries/* s3Uri */.tT)(bucket, prefix)}, more than \`max-deletes: ${settings.maxDeletes}\`; nothing was deleted.`, {
            errorCode: 'MaxDeletesExceeded',
            hint: `Check the selection (${manifestPath ? 'the planned list is in the `manifest-path` output' : 'a dry run lists it'}); if it is right, set \`max-deletes: ${planned.count}\` or more.`,
        })
        : undefined;
}
/**
 * Lists the prefix, selects what goes, and (in a dry run) writes the planned manifest. Long because
 * its two modes (streaming and planned) share one listing loop, its tallies and the refusal check.
 */
async function planPrune(ctx, settings) {
    const { bucket, prefix } = settings;
    const dryRun = ctx.common.dryRun;
    const t = target(ctx, settings);
    const mode = isStreamable(settings) ? 'streaming' : 'planned';
    const noun = (n) => (0,prune_entries/* countNoun */.y_)(n, settings.versions);
    ctx.logger.debug('prune.mode', `Selection runs in ${mode} mode`, { mode });
    const lifecycle = lifecycleEquivalent(settings);
    ctx.logger.info('prune.lifecycle-equivalent', lifecycle.line
        ? `S3 can do this prune itself: ensure-bucket with lifecycle-rules: ${lifecycle.line}`
        : (lifecycle.notes[0] ?? 'No S3 lifecycle rule can express this selection'), { rule: lifecycle.line ?? null, exact: lifecycle.exact });
    const manifest = dryRun ? new Manifest(ctx.host.tempDir, bucket) : undefined;
    const lines = new PlannedLines(ctx.logger, bucket);
    const outside = { count: 0, examples: [] };
    const sinks = {
        see(key) {
            if (!(0,prune_entries/* outsideFolder */.C2)(key, prefix))
                return;
            outside.count++;
            if (outside.examples.length < 3)
                outside.examples.push(key);
        },
        planned(entries) {
            if (!manifest)
                return;
            manifest.add(entries);
            lines.add(entries);
        },
    };
    let sel;
    let uploads = [];
    // The stale multipart uploads are listed while the objects are; a failed object listing wins.
    const uploadsListed = settings.abortIncompleteUploads && settings.olderThan
        ? staleUploads(t, settings.olderThan.cutoff.getTime(), ctx.logger)
        : undefined;
    uploadsListed?.catch(() => undefined);
    try {
        sel =
            mode === 'streaming'
                ? await selectStreaming(t, settings, dryRun, sinks)
                : await selectPlanned(t, settings, sinks);
        if (manifest)
            lines.end(manifest.path);
        if (uploadsListed) {
            uploads = await uploadsListed;
            if (dryRun)
                for (const u of uploads)
                    logPlannedAbort(ctx.logger, bucket, u);
        }
    }
    finally {
        manifest?.close();
    }
    warnOutsideFolder(ctx.logger, prefix, outside);
    const { planned, kept } = sel;
    const versioning = settings.versions === 'current' && planned.count > 0 ? await versioningStatus(ctx, bucket) : undefined;
    let keptCount = 0;
    for (const tally of kept.values())
        keptCount += tally.count;
    ctx.logger.info('prune.plan', `${dryRun ? 'Dry run: ' : ''}${noun(planned.count)} (${(0,format/* formatBytes */.z3)(planned.bytes)}) to delete, ${keptCount} kept, ${uploads.length} stale multipart upload${uploads.length === 1 ? '' : 's'} to abort`, {
        mode,
        listed: sel.listed,
        planned: planned.count,
        plannedBytes: planned.bytes,
        kept: keptCount,
        uploads: uploads.length,
    });
    return {
        mode,
        ...sel,
        keptCount,
        uploads,
        outside,
        versioning,
        manifestPath: manifest?.path,
        changes: plannedChanges(settings, planned, uploads),
        refusal: overLimit(settings, planned, manifest?.path),
        lifecycle,
    };
}
function logPlannedAbort(logger, bucket, u) {
    logger.info('upload.planned', `(dryrun) abort: ${(0,prune_entries/* s3Uri */.tT)(bucket, u.key)} (upload ${u.uploadId}, started ${new Date(u.initiated).toISOString()})`, { key: u.key, uploadId: u.uploadId, initiated: new Date(u.initiated).toISOString() });
}

;// CONCATENATED MODULE: ./src/operations/prune/apply.ts










function deleterDeps(ctx, settings) {
    return {
        s3: ctx.clients.s3(),
        bucket: settings.bucket,
        prefix: settings.prefix,
        logger: ctx.logger,
        signal: ctx.signal,
    };
}
/**
 * Streaming mode past the held limit: lists again and deletes while listing, never more than
 * `max-deletes` in all. Returns how many qualified beyond it.
 */
async function deleteWhileListing(ctx, settings, deleter) {
    let overLimit = 0;
    let batch = [];
    let queued = 0;
    try {
        pages: for await (const page of (0,listing/* listObjects */.L)(target(ctx, settings))) {
            for (const e of page) {
                if (decideObject(e, settings) !== 'delete')
                    continue;
                // More qualify now than when counting (e.g. a multipart upload completed meanwhile, aged by
                // its start): never past max-deletes.
                if (queued >= settings.maxDeletes) {
                    overLimit++;
                    continue;
                }
                queued++;
                batch.push(e);
                if (batch.length === prune_delete/* BATCH_SIZE */.BU) {
                    if (!(await deleter.submit(batch)))
                        break pages;
                    batch = [];
                }
            }
        }
        await deleter.submit(batch);
    }
    catch (err) {
        // A listing cut short by the cancellation is reported as such by the caller.
        if (!ctx.signal.aborted)
            throw err;
    }
    return overLimit;
}
/** Deletes what the plan chose (or, streaming past the held limit, what qualifies again). */
async function deleteSelection(ctx, settings, plan, deleter) {
    if (plan.remove) {
        // Every key, before the first delete (planned mode, or streaming mode holding its selection).
        (0,prune_entries/* assertUnderPrefix */.tr)(plan.remove, settings.prefix, 'DeleteObjects');
        for (const batch of (0,concurrency/* chunk */.iv)(plan.remove, prune_delete/* BATCH_SIZE */.BU))
            if (!(await deleter.submit(batch)))
                break;
        return 0;
    }
    return plan.planned.count > 0 ? deleteWhileListing(ctx, settings, deleter) : 0;
}
/**
 * Deletes, then aborts the stale uploads. Never throws: what was deleted is in the result whatever
 * happened, with the failure (a whole call failed, some keys failed, cancelled, more qualified than
 * `max-deletes`) beside it.
 */
async function applyPrune(ctx, settings, plan) {
    const noun = (n) => (0,prune_entries/* countNoun */.y_)(n, settings.versions);
    const manifest = new Manifest(ctx.host.tempDir, settings.bucket);
    const deleter = new prune_delete/* BatchDeleter */.yt({ ...deleterDeps(ctx, settings), manifest, keepFirst: prune_entries/* FIRST_KEYS */.KD });
    let overLimit = 0;
    let thrown;
    try {
        overLimit = await deleteSelection(ctx, settings, plan, deleter);
    }
    catch (err) {
        thrown = err;
    }
    const deletion = await deleter.finish();
    manifest.close();
    const result = {
        deleted: deletion.deleted,
        unconfirmed: deletion.unconfirmed,
        first: deletion.first,
        calls: deletion.calls,
        aborted: 0,
        manifestPath: manifest.path,
    };
    const failed = (err) => {
        const error = (0,classify/* asTaskError */.eJ)(err, ctx.signal);
        return { ...result, failure: withProgress(error, deletion, noun, manifest.path) };
    };
    const cancelled = () => ({
        ...result,
        failure: new errors/* CancelledError */.cc(`Cancelled (SIGINT/SIGTERM): ${noun(deletion.deleted.count)} of ${plan.planned.count.toLocaleString('en-US')} planned were deleted, the batches in flight finished and no new one was sent. The deleted keys are in ${manifest.path}; running the prune again continues.`),
    });
    if (thrown !== undefined)
        return failed(thrown);
    if (deletion.fatal)
        return failed(deletion.fatal);
    if (deletion.cancelled || ctx.signal.aborted)
        return cancelled();
    let aborts = { aborted: 0, failures: [] };
    if (plan.uploads.length) {
        try {
            aborts = await (0,prune_delete/* abortUploads */.t8)(plan.uploads, deleterDeps(ctx, settings));
        }
        catch (err) {
            if (err instanceof errors/* CancelledError */.cc || ctx.signal.aborted)
                return cancelled();
            return failed(err);
        }
    }
    result.aborted = aborts.aborted;
    return {
        ...result,
        failure: deletionFailure(ctx, settings, plan, deletion, aborts, overLimit, noun, manifest.path),
    };
}
/** Per-key failures, or more qualifying than planned: the failure a finished deletion ends with. */
function deletionFailure(ctx, settings, plan, deletion, aborts, overLimit, noun, manifestPath) {
    if (deletion.failures.length || aborts.failures.length)
        return deletion.deleted.count === 0 &&
            aborts.failures.length === 0 &&
            deletion.failures.every((f) => f.code === 'AccessDenied')
            ? everyKeyDenied(deletion, settings, ctx.common.region, noun)
            : partialError(deletion, aborts, noun, manifestPath);
    if (overLimit)
        return new errors/* TaskError */.Ik('refused', `${noun(plan.planned.count + overLimit)} qualified while deleting, more than the ${plan.planned.count} planned and \`max-deletes: ${settings.maxDeletes}\`: ${noun(deletion.deleted.count)} were deleted and the other ${overLimit} were kept.`, {
            errorCode: 'MaxDeletesExceeded',
            hint: 'Objects were added under the prefix during the prune; run it again to reconsider them.',
        });
    return undefined;
}

// EXTERNAL MODULE: ./src/report/links.ts
var links = __webpack_require__(3303);
;// CONCATENATED MODULE: ./src/operations/prune/report.ts





/** From this many objects on, a lifecycle rule beats listing and deleting from CI. */
const LARGE_PREFIX = 100_000;
const iso = (ms) => (Number.isFinite(ms) ? new Date(ms).toISOString() : '');
function entryFact(e) {
    if (!e)
        return '—';
    return `${e.key}${e.versionId !== undefined ? ` (${e.deleteMarker ? 'delete marker' : 'version'} ${e.versionId})` : ''}, ${iso(e.time)}`;
}
/** The selection in the words of the inputs: `older than 30d · keep the 2 newest folders`. */
function selectionText(settings) {
    const unit = settings.groupBy === 'folder' ? 'folder' : settings.versions === 'all' ? 'version' : 'object';
    const parts = [];
    if (!settings.prefix)
        parts.push('the whole bucket');
    if (settings.olderThan)
        parts.push(`older than ${settings.olderThan.input}`);
    if (settings.keepLatest)
        parts.push(settings.keepLatest === 1
            ? `keep the newest ${unit}`
            : `keep the ${settings.keepLatest} newest ${unit}s`);
    if (settings.groupBy === 'folder' && !settings.keepLatest)
        parts.push('whole folders');
    if (settings.versions === 'all')
        parts.push('all versions');
    if (settings.include.length)
        parts.push(`include ${settings.include.join(', ')}`);
    if (settings.exclude.length)
        parts.push(`exclude ${settings.exclude.join(', ')}`);
    return parts.join(' · ');
}
/** Columns padded so a `diff` block reads as a table; a very long name keeps its own width. */
function aligned(rows) {
    const widths = rows[0]?.map((_, i) => Math.min(60, Math.max(...rows.map((r) => r[i].length)))) ?? [];
    return rows.map((r) => r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd());
}
function unitLines(sign, units, versions) {
    return aligned([...units]
        .sort((a, b) => (0,format/* naturalCompare */.p0)(a.name, b.name))
        .map((u) => [
        `${sign} ${u.name}`,
        (0,prune_entries/* countNoun */.y_)(u.count, versions),
        (0,format/* formatBytes */.z3)(u.bytes),
        `newest ${(0,format/* formatDay */.im)(u.newest)}`,
    ]));
}
function keyLines(sign, entries, settings) {
    return aligned([...entries]
        .sort((a, b) => (0,format/* naturalCompare */.p0)(a.key, b.key))
        .map((e) => [
        `${sign} ${(0,prune_entries/* s3Uri */.tT)(settings.bucket, e.key).slice(`s3://${settings.bucket}/`.length)}`,
        ...(settings.versions === 'all'
            ? [e.deleteMarker ? `delete marker ${e.versionId}` : `version ${e.versionId ?? ''}`]
            : []),
        (0,format/* formatBytes */.z3)(e.size),
        (0,format/* formatDay */.im)(e.time),
    ]));
}
function keptTable(units, versions, kind) {
    return {
        title: `${kind} kept`,
        columns: [kind === 'Folders' ? 'Folder' : 'Key', 'Size', 'Newest', 'Why kept'],
        rows: units.slice(0, prune_entries/* FIRST_KEYS */.KD).map((u) => [
            u.name,
            `${(0,prune_entries/* countNoun */.y_)(u.count, versions)}, ${(0,format/* formatBytes */.z3)(u.bytes)}`,
            (0,format/* formatDay */.im)(u.newest),
            // Plain words in a cell (a code mark would make the whole cell code).
            u.kept ? KEPT_REASONS[u.kept].replace(/`/g, '') : '',
        ]),
        naturalSort: true,
    };
}
/** Where the full list is, in words that say it lasts only as long as the job unless kept. */
function manifestWhere(path) {
    return path
        ? 'the full list is the JSON manifest at the `manifest-path` output, a file on the runner that is gone when the job ends: keep it with `actions/upload-artifact`'
        : 'a dry run writes the full list to a manifest';
}
/**
 * The summary: the counts in the headline, the refusal or dry-run reminder right under it, the
 * deletions as a `diff` block (per folder where units are folders), what was kept, and the facts.
 * Long because it lays out the whole document in reading order, section by section.
 */
function buildReport(scope, dryRun, settings, plan, result, refused) {
    const noun = (n) => (0,prune_entries/* countNoun */.y_)(n, settings.versions);
    const going = result ? result.deleted : plan.planned;
    const keys = result ? result.first : plan.firstKeys;
    const uploads = result ? result.aborted : plan.uploads.length;
    const manifestPath = result ? result.manifestPath : (plan.manifestPath ?? '');
    const kept = `${noun(plan.keptCount)} kept`;
    const size = `(${(0,format/* formatBytes */.z3)(going.bytes)})`;
    const abortPart = uploads
        ? `, ${(0,format/* count */.U9)(uploads, 'stale multipart upload')} ${result ? 'aborted' : 'to abort'}`
        : '';
    const headline = refused
        ? `Refused: ${noun(plan.planned.count)} ${size} qualify, more than \`max-deletes: ${settings.maxDeletes}\`; nothing was deleted`
        : result
            ? going.count
                ? `Deleted ${noun(going.count)} ${size}, ${kept}${abortPart}`
                : `Nothing to delete; ${kept}${abortPart}`
            : going.count
                ? `Plan: ${noun(going.count)} to delete ${size}, ${kept}${abortPart}`
                : `Plan: nothing to delete; ${kept}${abortPart}`;
    const callouts = [];
    if (refused && refused.hint)
        callouts.push(`⛔ ${refused.hint}`);
    else if (!result && going.count)
        callouts.push(`Dry run: nothing was deleted. Run with \`dry-run: false\` to delete ${going.count === 1 ? 'it' : `these ${noun(going.count)}`}.`);
    if (plan.versioning === 'Enabled' || plan.versioning === 'Suspended')
        callouts.push('The bucket is versioned: deleting current objects only adds delete markers, and the data stays (and is billed) as noncurrent versions. `versions: all` removes those too.');
    const folders = settings.groupBy === 'folder';
    const verb = result ? 'deleted' : 'to delete';
    const lines = folders || settings.versions === 'all'
        ? unitLines('-', plan.removedUnits.slice(0, prune_entries/* FIRST_KEYS */.KD), settings.versions)
        : keyLines('-', keys, settings);
    const shownUnits = folders || settings.versions === 'all' ? plan.removedUnits.length : going.count;
    const uploadLines = plan.uploads
        .slice(0, prune_entries/* FIRST_KEYS */.KD)
        .map((u) => `- ${u.key}  (multipart upload started ${(0,format/* formatDay */.im)(u.initiated)})`);
    const cut = shownUnits - Math.min(shownUnits, prune_entries/* FIRST_KEYS */.KD);
    const diff = going.count || uploadLines.length
        ? {
            summary: [
                going.count
                    ? `${noun(going.count)} ${verb}${folders ? ` in ${(0,format/* count */.U9)(plan.removedUnits.length, 'folder')}` : ''}`
                    : '',
                uploadLines.length
                    ? `${(0,format/* count */.U9)(plan.uploads.length, 'stale multipart upload')} ${result ? 'aborted' : 'to abort'}`
                    : '',
            ]
                .filter(Boolean)
                .join(', '),
            lines: [...lines, ...uploadLines],
            more: cut > 0 ? `and ${cut.toLocaleString('en-US')} more: ${manifestWhere(manifestPath)}` : undefined,
        }
        : undefined;
    const tables = [];
    if (folders || settings.versions === 'all')
        tables.push(keptTable(plan.keptUnits, settings.versions, folders ? 'Folders' : 'Keys'));
    const keptBreakdown = [...plan.kept]
        .filter(([, t]) => t.count > 0)
        .map(([reason, t]) => `${t.count.toLocaleString('en-US')} ${KEPT_REASONS[reason]}`)
        .join('; ');
    let keptOldest;
    let keptNewest;
    for (const t of plan.kept.values()) {
        if (t.oldest && (!keptOldest || (0,prune_entries/* earlier */.X)(t.oldest, keptOldest)))
            keptOldest = t.oldest;
        if (t.newest && (!keptNewest || (0,prune_entries/* earlier */.X)(keptNewest, t.newest)))
            keptNewest = t.newest;
    }
    const facts = [
        ['Selection', selectionText(settings) || 'everything under the prefix'],
        [
            'Listed',
            `${noun(plan.listed)} in ${(0,format/* count */.U9)(plan.listCalls, 'request')} (${plan.mode === 'streaming' ? 'streaming: each object decided as it is listed' : 'planned: the whole prefix in view'})`,
            'runner',
        ],
        [
            result ? 'Deleted' : 'To delete',
            `${noun(going.count)}, ${(0,format/* formatBytes */.z3)(going.bytes)} (${going.bytes.toLocaleString('en-US')} bytes)`,
        ],
        [`Oldest ${verb}`, entryFact(going.oldest)],
        [`Newest ${verb}`, entryFact(going.newest)],
        ['Kept', `${noun(plan.keptCount)}${keptBreakdown ? ` (${keptBreakdown})` : ''}`],
        ['Oldest kept', entryFact(keptOldest)],
        ['Newest kept', entryFact(keptNewest)],
        ['Max deletes', settings.maxDeletes.toLocaleString('en-US')],
    ];
    if (result)
        facts.push(['DeleteObjects requests', String(result.calls), 'runner']);
    if (manifestPath)
        facts.push(['Manifest', manifestPath, 'runner']);
    const notes = [];
    if (plan.outside.count)
        notes.push(`\`prefix: ${settings.prefix}\` does not end in \`/\` and also matched ${(0,format/* count */.U9)(plan.outside.count, 'key')} outside \`${settings.prefix}/\`, e.g. ${plan.outside.examples.join(', ')}.`);
    const { lifecycle } = plan;
    if (plan.listed >= LARGE_PREFIX)
        notes.push(`This prefix holds ${noun(plan.listed)}: listing and deleting from CI costs about ${Math.ceil(plan.listed / 500).toLocaleString('en-US')} requests a run, where an S3 lifecycle rule costs none${lifecycle.line ? ' (see "S3 lifecycle equivalent")' : ''}.`);
    if (lifecycle.line)
        tables.push({
            title: `S3 lifecycle equivalent${lifecycle.exact ? '' : ' (closest)'}`,
            columns: ['ensure-bucket input', 'Value'],
            rows: [
                ['operation', 'ensure-bucket'],
                ['bucket', settings.bucket],
                ['lifecycle-rules', lifecycle.line],
            ],
        });
    notes.push(...lifecycle.notes);
    const where = (0,links/* prefixCell */.$)(scope, settings.bucket, settings.prefix);
    return {
        headline,
        callouts,
        location: where,
        diff,
        facts,
        tables,
        notes,
        outputs: {
            'deleted-count': String(result ? result.deleted.count : 0),
            'deleted-bytes': String(result ? result.deleted.bytes : 0),
            // Keys in DeleteObjects calls that got no definite answer: perhaps deleted, never counted as kept.
            'unconfirmed-count': String(result ? result.unconfirmed.count : 0),
            'kept-count': String(plan.keptCount),
            'planned-count': String(plan.planned.count),
            'manifest-path': manifestPath,
        },
    };
}

;// CONCATENATED MODULE: ./src/operations/prune/index.ts





/** prune: plan (plan.ts) → apply (apply.ts) → outcome (outcome.ts) → report (report.ts). */
const prune = {
    name: 'prune',
    parse: (reader, common) => parsePrune(reader, common),
    plan: planPrune,
    apply: applyPrune,
    report: (ctx, settings, plan, result) => buildReport(ctx.common, ctx.common.dryRun, settings, plan, result, plan.refusal),
};


/***/ })

};
