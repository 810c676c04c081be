export const id = 774;
export const ids = [774];
export const modules = {

/***/ 6552:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ KMS_KEY_ID)
/* harmony export */ });
/** A KMS key reference: key id, multi-Region key id, `alias/name`, or a key or alias ARN of any partition. */
const KMS_KEY_ID = /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/+=,.@-]+|alias\/[\w/+=,.@-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;


/***/ }),

/***/ 9774:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  uploadArtifact: () => (/* binding */ uploadArtifact)
});

// EXTERNAL MODULE: ./src/aws/classify.ts
var classify = __webpack_require__(8199);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/report/format.ts
var format = __webpack_require__(2011);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/s3-request-presigner/dist-cjs/index.js
var s3_request_presigner_dist_cjs = __webpack_require__(8505);
;// CONCATENATED MODULE: ./src/operations/upload-artifact/manifest.ts




/** A public URL: the base plus the key with each segment encoded. */
function publicUrl(base, key) {
    return `${base}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
/**
 * Presigned GET URLs. A URL cannot outlive the credentials that signed it, so the expiry is capped at
 * their remaining lifetime (with a warning).
 */
async function presignAll(s3, bucket, keys, expires, logger) {
    const identity = await s3.config.credentials();
    let seconds = expires;
    if (identity.expiration) {
        const left = Math.floor((identity.expiration.getTime() - Date.now()) / 1000);
        if (left < seconds) {
            logger.warning('upload.presign-capped', `presign-expires ${expires}s outlives the credentials; the URLs expire in ${Math.max(left, 1)}s, when the session does`, {
                requested: expires,
                granted: Math.max(left, 1),
            });
            seconds = Math.max(left, 1);
        }
    }
    const urls = new Map();
    for (const key of keys)
        urls.set(key, await (0,s3_request_presigner_dist_cjs/* getSignedUrl */.A)(s3, new dist_cjs/* GetObjectCommand */.jLs({ Bucket: bucket, Key: key }), { expiresIn: seconds }));
    return urls;
}
/** The bearer parts of a presigned URL: the URL, its signature and its session token as the URL carries it. */
function presignedSecrets(url) {
    const parts = [url, new URL(url).searchParams.get('X-Amz-Signature') ?? ''];
    const token = /[?&]X-Amz-Security-Token=([^&]+)/.exec(url)?.[1];
    return token ? [...parts, token] : parts;
}
function writeManifestFile(dir, manifest) {
    const path = (0,external_node_path_.join)(dir, `aws-task-pack-manifest-${Date.now()}-${process.pid}.json`);
    // Presigned URLs in it are bearer credentials: private, like every file that holds a secret.
    (0,external_node_fs_.writeFileSync)(path, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    return path;
}
async function storeManifest(s3, manifest, presigned, signal) {
    const key = `${manifest.keyPrefix}manifest.json`;
    // Presigned URLs carry the session token: the stored copy never holds them.
    const stored = presigned
        ? { ...manifest, files: manifest.files.map(({ url: _url, ...rest }) => rest) }
        : manifest;
    await s3.send(new dist_cjs/* PutObjectCommand */.wKZ({
        Bucket: manifest.bucket,
        Key: key,
        Body: JSON.stringify(stored, null, 2),
        ContentType: 'application/json; charset=utf-8',
    }), { abortSignal: signal });
    return key;
}

// EXTERNAL MODULE: ./src/operations/prune/delete.ts
var prune_delete = __webpack_require__(4846);
// EXTERNAL MODULE: ./src/operations/prune/entries.ts
var entries = __webpack_require__(6965);
// EXTERNAL MODULE: ./src/operations/prune/listing.ts
var listing = __webpack_require__(6309);
;// CONCATENATED MODULE: ./src/operations/upload-artifact/mirror.ts




/** Keys under the prefix, listed with ListObjectsV2 (each checked against the prefix). */
async function listMirror(settings, s3, signal) {
    const entries = [];
    let listCalls = 0;
    for await (const page of (0,listing/* listObjects */.L)({ s3, bucket: settings.bucket, prefix: settings.keyPrefix, signal })) {
        listCalls++;
        entries.push(...page);
    }
    return { entries, keys: new Set(entries.map((e) => e.key)), listCalls };
}
/** The removals: listed keys the upload set does not name, minus protected keys and our own manifest. */
function planMirror(settings, listing, uploadKeys) {
    const manifestKey = settings.uploadManifest ? `${settings.keyPrefix}manifest.json` : undefined;
    const removed = [];
    let protectedCount = 0;
    for (const e of listing.entries) {
        if (uploadKeys.has(e.key) || e.key === manifestKey)
            continue;
        if (settings.mirror.protects((0,entries/* relativeKey */.AB)(e.key, settings.keyPrefix)))
            protectedCount++;
        else
            removed.push(e);
    }
    const plan = {
        existing: listing.keys,
        removed,
        protectedCount,
        listCalls: listing.listCalls,
    };
    const max = settings.mirror.maxDeletes;
    if (removed.length > max)
        plan.refusal = new errors/* TaskError */.Ik('refused', `Mirroring would delete ${removed.length.toLocaleString('en-US')} object${removed.length === 1 ? '' : 's'} under s3://${settings.bucket}/${settings.keyPrefix}, more than \`max-deletes: ${max}\`; nothing was uploaded or deleted.`, {
            errorCode: 'MaxDeletesExceeded',
            hint: `Check \`key-prefix\` and \`path\` (the plan lists what would be removed); protect keys with \`delete-removed-exclude\`, or if it is right, set \`max-deletes: ${removed.length}\` or more.`,
        });
    return plan;
}
/** Deletes the removals in DeleteObjects batches of 1000. */
async function deleteRemoved(settings, plan, deps) {
    const deleted = [];
    const unconfirmed = [];
    const deleter = new prune_delete/* BatchDeleter */.yt({
        s3: deps.s3,
        bucket: settings.bucket,
        prefix: settings.keyPrefix,
        logger: deps.logger,
        signal: deps.signal,
        keepFirst: 0,
        // The upload manifest records what was deleted, unconfirmed ones marked.
        manifest: {
            path: 'the manifest',
            add: (entries, options) => (options?.unconfirmed ? unconfirmed : deleted).push(...entries),
        },
    });
    for (let i = 0; i < plan.removed.length; i += prune_delete/* BATCH_SIZE */.BU)
        if (!(await deleter.submit(plan.removed.slice(i, i + prune_delete/* BATCH_SIZE */.BU))))
            break;
    const deletion = await deleter.finish();
    return { deletion, deleted, unconfirmed };
}
/** The failure a mirror's deletions end in, if any (the uploads all succeeded before them). */
function deletionFailure(settings, result, planned) {
    const d = result.deletion;
    if (!d)
        return undefined;
    const where = `s3://${settings.bucket}/${settings.keyPrefix}`;
    if (d.cancelled && result.deleted.length + d.failures.length + result.unconfirmed.length < planned)
        return new errors/* TaskError */.Ik('cancelled', `Cancelled after deleting ${result.deleted.length} of ${planned} removed objects under ${where}; every upload had finished. Re-run to finish the mirror.`, { errorCode: 'Cancelled' });
    if (d.fatal)
        return d.fatal;
    if (d.failures.length)
        return new errors/* TaskError */.Ik('partial', `${d.failures.length} of ${planned} removed objects under ${where} could not be deleted (${d.failures
            .slice(0, 5)
            .map((f) => `${f.entry.key}: ${f.code}`)
            .join('; ')}${d.failures.length > 5 ? '; …' : ''}); every upload succeeded.`, {
            errorCode: 'PartialFailure',
            hint: 'Re-run to retry the deletions; grant `s3:DeleteObject` if they were denied.',
        });
    return undefined;
}
/** What a reviewer wants of a mirror: added, changed (and why), removed, with counts. */
function mirrorSections(plan, mirror, result, formatSize) {
    const added = plan.files.filter((f) => f.action === 'upload' && f.reason === 'new');
    const changed = plan.files.filter((f) => f.action === 'upload' && f.reason !== 'new');
    const unchanged = plan.files.filter((f) => f.action === 'skip').length;
    const removed = result ? [...result.deleted] : mirror.removed;
    const tables = [
        {
            title: result ? `Added (${added.length})` : `To add (${added.length})`,
            columns: ['Key', 'Size'],
            rows: added.map((f) => [f.key, formatSize(f.file.size)]),
            empty: '_none_',
        },
        {
            title: result ? `Changed (${changed.length})` : `To change (${changed.length})`,
            columns: ['Key', 'Size', 'Why'],
            rows: changed.map((f) => [f.key, formatSize(f.file.size), f.reason]),
            empty: '_none_',
        },
        {
            title: result ? `Removed (${removed.length})` : `To remove (${removed.length})`,
            columns: ['Key', 'Size'],
            rows: removed.map((e) => [e.key, formatSize(e.size)]),
            empty: '_none_',
        },
    ];
    const notes = [];
    if (mirror.protectedCount)
        notes.push(`${mirror.protectedCount} object${mirror.protectedCount === 1 ? '' : 's'} not in the upload set ${mirror.protectedCount === 1 ? 'is' : 'are'} kept by \`delete-removed-exclude\`.`);
    if (result?.skipped && mirror.removed.length)
        notes.push(`${mirror.removed.length} object${mirror.removed.length === 1 ? '' : 's'} not in the upload set ${mirror.removed.length === 1 ? 'was' : 'were'} not deleted because ${result.skipped}: the prefix keeps its old files until a complete deploy.`);
    if (result?.unconfirmed.length)
        notes.push(`${result.unconfirmed.length} removal${result.unconfirmed.length === 1 ? '' : 's'} got no definite answer and may have happened; they are in the manifest with \`"unconfirmed": true\`.`);
    const verb = result ? ['added', 'changed', 'removed'] : ['to add', 'to change', 'to remove'];
    const counts = `${added.length} ${verb[0]}, ${changed.length} ${verb[1]}, ${removed.length} ${verb[2]}, ${unchanged} unchanged`;
    return { counts, tables, notes };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./node_modules/minimatch/dist/esm/index.js + 7 modules
var esm = __webpack_require__(3581);
;// CONCATENATED MODULE: ./src/util/byte-budget.ts
/**
 * A number of bytes shared by everything that holds file data in memory at once. Takers wait their
 * turn in order; a single request larger than the whole budget is granted when nothing else is held
 * (one part must always be able to go), so the budget bounds memory without ever deadlocking.
 */
class ByteBudget {
    total;
    held = 0;
    queue = [];
    /** The most bytes ever held at once (for tests and the debug log). */
    peak = 0;
    constructor(total) {
        this.total = total;
    }
    get inUse() {
        return this.held;
    }
    /** Takes `bytes` at once if they are free and nobody is waiting before us. */
    tryTake(bytes) {
        if (this.queue.length || !this.fits(bytes))
            return false;
        this.grant(bytes);
        return true;
    }
    /** Waits until `bytes` are free, in the order of asking. */
    take(bytes) {
        if (this.tryTake(bytes))
            return Promise.resolve();
        return new Promise((resolve) => this.queue.push({ bytes, grant: resolve }));
    }
    give(bytes) {
        this.held -= bytes;
        while (this.queue.length && this.fits(this.queue[0].bytes)) {
            const next = this.queue.shift();
            this.grant(next.bytes);
            next.grant();
        }
    }
    fits(bytes) {
        return this.held + bytes <= this.total || this.held === 0;
    }
    grant(bytes) {
        this.held += bytes;
        this.peak = Math.max(this.peak, this.held);
    }
}

// EXTERNAL MODULE: ./src/util/concurrency.ts
var concurrency = __webpack_require__(3731);
;// CONCATENATED MODULE: ./src/operations/upload-artifact/content-type.ts
/**
 * Content types by extension, the same on every OS (the aws CLI asks the OS's mime table, so the same
 * upload gets different headers on different runners). Text types get `charset=utf-8`.
 */
const TYPES = {
    // text and code
    html: 'text/html',
    htm: 'text/html',
    css: 'text/css',
    js: 'text/javascript',
    mjs: 'text/javascript',
    cjs: 'text/javascript',
    json: 'application/json',
    jsonld: 'application/ld+json',
    map: 'application/json',
    webmanifest: 'application/manifest+json',
    xml: 'application/xml',
    rss: 'application/rss+xml',
    atom: 'application/atom+xml',
    txt: 'text/plain',
    md: 'text/markdown',
    csv: 'text/csv',
    tsv: 'text/tab-separated-values',
    ics: 'text/calendar',
    yaml: 'application/yaml',
    yml: 'application/yaml',
    toml: 'application/toml',
    sh: 'text/x-shellscript',
    wasm: 'application/wasm',
    // images
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    webp: 'image/webp',
    avif: 'image/avif',
    svg: 'image/svg+xml',
    ico: 'image/vnd.microsoft.icon',
    bmp: 'image/bmp',
    tif: 'image/tiff',
    tiff: 'image/tiff',
    heic: 'image/heic',
    // fonts
    woff: 'font/woff',
    woff2: 'font/woff2',
    ttf: 'font/ttf',
    otf: 'font/otf',
    eot: 'application/vnd.ms-fontobject',
    // audio and video
    mp3: 'audio/mpeg',
    ogg: 'audio/ogg',
    wav: 'audio/wav',
    flac: 'audio/flac',
    m4a: 'audio/mp4',
    mp4: 'video/mp4',
    webm: 'video/webm',
    mov: 'video/quicktime',
    m3u8: 'application/vnd.apple.mpegurl',
    ts: 'video/mp2t',
    // documents and archives
    pdf: 'application/pdf',
    zip: 'application/zip',
    gz: 'application/gzip',
    tgz: 'application/gzip',
    tar: 'application/x-tar',
    bz2: 'application/x-bzip2',
    xz: 'application/x-xz',
    zst: 'application/zstd',
    '7z': 'application/x-7z-compressed',
    jar: 'application/java-archive',
    apk: 'application/vnd.android.package-archive',
    dmg: 'application/x-apple-diskimage',
    deb: 'application/vnd.debian.binary-package',
    rpm: 'application/x-rpm',
    exe: 'application/vnd.microsoft.portable-executable',
    msi: 'application/x-msi',
    whl: 'application/zip',
    sig: 'application/pgp-signature',
    asc: 'application/pgp-signature',
    pem: 'application/x-pem-file',
    // binary fallback for well-known non-text extensions
    bin: 'application/octet-stream',
};
const DEFAULT_TYPE = 'application/octet-stream';
function isText(type) {
    return (type.startsWith('text/') ||
        /^application\/(json|ld\+json|manifest\+json|xml|rss\+xml|atom\+xml|yaml|toml)$/.test(type) ||
        type === 'image/svg+xml');
}
/** The Content-Type for a file name: the table's type, `charset=utf-8` on text, octet-stream otherwise. */
function contentTypeFor(fileName) {
    const base = fileName.split('/').pop() ?? fileName;
    const dot = base.lastIndexOf('.');
    const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
    const type = TYPES[ext] ?? DEFAULT_TYPE;
    return isText(type) ? `${type}; charset=utf-8` : type;
}

;// CONCATENATED MODULE: ./src/operations/upload-artifact/files.ts





const MATCH = { dot: true, nocomment: true, nonegate: true };
/**
 * Whether a path segment is a pattern (`*`, `?`, `[…]`, braces, extglobs) rather than a name: a literal
 * `@scope`, `v1 (beta)` or `build+42` directory stays part of the root, as in `@actions/glob`.
 */
function isMagic(segment) {
    return new esm/* Minimatch */.VR(segment, { ...MATCH, magicalBraces: true }).hasMagic();
}
/** A drive and nothing else (`C:`): on Windows that names the drive's current directory, not its root. */
const BARE_DRIVE = /^[A-Za-z]:$/;
/**
 * Glob patterns use `/`; Windows-style `\` separators in an input are read as `/`. A drive letter is
 * upper-cased, as the working directory's is, so `c:\a` and `C:\b` share the root `C:/`.
 */
function normalisePattern(pattern) {
    const path = pattern
        .replace(/\\/g, '/')
        .replace(/^[a-z]:(?=\/|$)/, (d) => d.toUpperCase())
        .replace(/\/+$/, '');
    return BARE_DRIVE.test(path) ? `${path}/` : path || '/';
}
/** The directory a pattern's search starts from: the segments before the first glob character. */
function searchBase(pattern) {
    const segments = pattern.split('/');
    const literal = [];
    for (const s of segments) {
        if (isMagic(s))
            break;
        literal.push(s);
    }
    return literal.join('/') || '/';
}
function isGlob(pattern) {
    return searchBase(pattern) !== pattern;
}
function compile(pattern) {
    const glob = isGlob(pattern);
    return {
        pattern,
        glob,
        base: glob ? searchBase(pattern) : pattern,
        matcher: glob ? new esm/* Minimatch */.VR(pattern, MATCH) : undefined,
    };
}
/** The deepest directory that contains every given path. */
function commonAncestor(paths) {
    const split = paths.map((p) => p.split('/'));
    const first = split[0] ?? [];
    let n = 0;
    while (n < first.length && split.every((s) => s[n] === first[n]))
        n++;
    const common = first.slice(0, n).join('/');
    return BARE_DRIVE.test(common) ? `${common}/` : common || '/';
}
/** Whether the path, or any directory between `base` and it, matches one of the patterns. */
function matchesSelfOrAncestor(path, base, matchers) {
    if (matchers.length === 0)
        return false;
    for (let p = path; p.length >= base.length; p = (0,external_node_path_.dirname)(p)) {
        if (matchers.some((m) => m.match(p)))
            return true;
        if (p === (0,external_node_path_.dirname)(p))
            break;
    }
    return false;
}
/** The result of a file-system call, or undefined when it fails (missing, not a directory, unreadable). */
function attempt(call) {
    try {
        return call();
    }
    catch {
        return undefined;
    }
}
const statOrUndefined = (path) => attempt(() => (0,external_node_fs_.statSync)(path));
const lstatOrUndefined = (path) => attempt(() => (0,external_node_fs_.lstatSync)(path));
const realpathOrUndefined = (path) => attempt(() => (0,external_node_fs_.realpathSync)(path));
/** Whether `child` is `parent` or below it. On Windows a path on another drive is relative to nothing. */
function isInside(child, parent, path = external_node_path_) {
    const rel = path.relative(parent, child);
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
/** A file's key below the root: its relative path with `/` separators whatever the platform's are. */
function keyPath(root, file, path = external_node_path_) {
    return path.relative(root, file).split(path.sep).join('/');
}
/**
 * Finds the files `path` names, with `@actions/glob`'s meaning: a directory means everything under it,
 * `!pattern` excludes, and the root defaults to the least common ancestor of the search paths (a
 * single file's directory for a file). Hidden files are left out unless asked for; symbolic links
 * that lead outside the root are refused unless allowed. Long because it is one walk that applies
 * every one of those rules as it goes, so no file is stat'ed twice.
 */
async function findFiles(search, logger) {
    // Synchronous file-system calls throughout: nothing else runs while the plan is made, and for
    // thousands of files one thread-pool round trip per call costs more than the calls themselves.
    const includes = search.include.map((p) => compile(normalisePattern(p)));
    const excludes = search.exclude.map((p) => new esm/* Minimatch */.VR(normalisePattern(p), MATCH));
    const bases = [];
    for (const { pattern, glob, base } of includes) {
        if (glob) {
            bases.push(base);
            continue;
        }
        const info = statOrUndefined(pattern);
        bases.push(info?.isFile() ? (0,external_node_path_.dirname)(pattern) : pattern);
    }
    const root = normalisePattern(search.root ?? commonAncestor(bases));
    // The root's own name under its parent's real path, not the root's real path: a root that is itself
    // a link to somewhere else is outside like any other link, while links above it (a work directory
    // mounted elsewhere) still count as inside.
    const realRoot = (0,external_node_path_.join)(realpathOrUndefined((0,external_node_path_.dirname)(root)) ?? (0,external_node_path_.dirname)(root), (0,external_node_path_.basename)(root));
    const found = new Map();
    let hiddenSkipped = 0;
    const consider = (path, size, include, base) => {
        if (found.has(path))
            return;
        const named = path === include.pattern; // a file named literally is wanted even when hidden
        const wanted = include.matcher ? matchesSelfOrAncestor(path, base, [include.matcher]) : true;
        if (!wanted || matchesSelfOrAncestor(path, base, excludes))
            return;
        if (!named &&
            !search.includeHidden &&
            (0,external_node_path_.relative)(base, path)
                .split(external_node_path_.sep)
                .some((s) => s.startsWith('.'))) {
            hiddenSkipped++;
            return;
        }
        if (!isInside(path, root))
            throw new errors/* InputError */.dz('root', `${path} is outside the root ${root}`, 'a `root` that contains every path');
        found.set(path, { path, relative: keyPath(root, path), size });
    };
    /** `seen` holds the real paths of the directories being walked above this one (not every one walked). */
    const walk = (dir, include, base, seen) => {
        const real = (0,external_node_fs_.realpathSync)(dir);
        if (seen.has(real))
            return; // a link cycle: a link back to a directory above
        seen.add(real);
        const entries = (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true });
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const entry of entries) {
            const path = (0,external_node_path_.join)(dir, entry.name);
            let isDir = entry.isDirectory();
            let size = 0;
            if (entry.isSymbolicLink()) {
                if (!search.followSymlinks) {
                    logger.debug('files.symlink-skipped', `Skipped the symbolic link ${path} (follow-symlinks: false)`, { path });
                    continue;
                }
                const target = realpathOrUndefined(path);
                if (!target) {
                    logger.warning('files.broken-symlink', `Skipped the broken symbolic link ${path}`, { path });
                    continue;
                }
                if (!search.allowOutsideRoot && !isInside(target, realRoot))
                    throw new errors/* InputError */.dz('follow-symlinks', `the symbolic link ${path} leads to ${target}, outside the upload root ${root}`, '`follow-symlinks: false` to skip links, or `allow-outside-root: true` if that file is meant to be uploaded');
                const info = (0,external_node_fs_.statSync)(path);
                isDir = info.isDirectory();
                size = info.size;
            }
            else if (entry.isFile()) {
                size = (0,external_node_fs_.lstatSync)(path).size;
            }
            else if (!isDir)
                continue;
            if (isDir)
                walk(path, include, base, seen);
            else
                consider(path, size, include, base);
        }
        // A sibling link to this directory is not a cycle: its files are uploaded under the link's name too.
        seen.delete(real);
    };
    for (const include of includes) {
        const { base } = include;
        const info = lstatOrUndefined(base);
        if (!info)
            continue;
        if (info.isSymbolicLink() && !search.followSymlinks)
            continue;
        // Where the search really starts: a link at the base, at the root or anywhere between them leads
        // the whole walk elsewhere, and the walk itself only checks the links it meets below the base.
        const realBase = realpathOrUndefined(base);
        // A base that is not even written under the root is the root check's to report, by file.
        if (realBase &&
            !search.allowOutsideRoot &&
            isInside((0,external_node_path_.resolve)(base), (0,external_node_path_.resolve)(root)) &&
            !isInside(realBase, realRoot))
            throw new errors/* InputError */.dz('follow-symlinks', info.isSymbolicLink()
                ? `the symbolic link ${base} leads to ${realBase}, outside the upload root ${root}`
                : `${base} is reached through a symbolic link and is really ${realBase}, outside the upload root ${root}`, '`allow-outside-root: true` if that file is meant to be uploaded');
        const target = statOrUndefined(base);
        if (target?.isDirectory())
            walk(base, include, base, new Set());
        else if (target?.isFile())
            consider(base, target.size, include, (0,external_node_path_.dirname)(base));
    }
    const files = [...found.values()].sort((a, b) => a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0);
    return { files, root, hiddenSkipped };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/transfer/file-reads.ts



const MIB = 1024 * 1024;
/** Reads `length` bytes at `offset` into the start of `buffer`; a file that got shorter is an error. */
async function readAt(handle, path, buffer, length, offset) {
    let read = 0;
    while (read < length) {
        const { bytesRead } = await handle.read(buffer, read, length - read, offset + read);
        // The workflow changed the file under us: an input problem, not a bug in the action.
        if (bytesRead === 0)
            throw new errors/* TaskError */.Ik('input', `${path} changed while it was being uploaded (it got shorter).`, {
                errorCode: 'FileChanged',
                hint: 'Do not modify the files while the step uploads them.',
            });
        read += bytesRead;
    }
}
/**
 * Reads a file front to back in `chunkSize` pieces into two alternating buffers, the next read in
 * flight while `use` works on the current chunk. Every read is awaited before this returns, also on
 * failure, so no read lands in a buffer its owner has already reused.
 */
async function eachChunk(handle, path, size, chunkSize, pair, use) {
    const count = Math.ceil(size / chunkSize);
    const lengthOf = (i) => Math.min(chunkSize, size - i * chunkSize);
    const readChunk = (i) => {
        const p = readAt(handle, path, pair[i % 2], lengthOf(i), i * chunkSize);
        p.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled meanwhile
        return p;
    };
    let reading = count ? readChunk(0) : undefined;
    try {
        for (let i = 0; i < count; i++) {
            await reading;
            reading = i + 1 < count ? readChunk(i + 1) : undefined;
            await use(pair[i % 2].subarray(0, lengthOf(i)));
        }
    }
    finally {
        await reading?.catch(() => undefined);
    }
}
const HASH_CHUNK = 8 * MIB;
/** The SHA-256 (hex) of a whole file, read in 8 MiB chunks into two reused buffers. */
async function sha256OfFile(path) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const handle = await (0,promises_.open)(path, 'r');
    try {
        const { size } = await handle.stat();
        const chunk = Math.max(1, Math.min(HASH_CHUNK, size));
        const pair = [Buffer.allocUnsafeSlow(chunk), Buffer.allocUnsafeSlow(chunk)];
        await eachChunk(handle, path, size, chunk, pair, (c) => hash.update(c));
        return hash.digest('hex');
    }
    finally {
        await handle.close();
    }
}
/**
 * The ETag S3 gives a multipart upload of this file in parts of `partSize`: the MD5 of the parts'
 * MD5s, then `-` and the number of parts (S3, MinIO and Ceph RGW compute it so; not with SSE-KMS).
 */
async function multipartEtagOfFile(path, size, partSize) {
    const digests = [];
    const handle = await (0,promises_.open)(path, 'r');
    try {
        const chunk = Math.min(partSize, Math.max(1, size));
        const pair = [Buffer.allocUnsafeSlow(chunk), Buffer.allocUnsafeSlow(chunk)];
        await eachChunk(handle, path, size, chunk, pair, (c) => digests.push((0,external_node_crypto_.createHash)('md5').update(c).digest()));
    }
    finally {
        await handle.close();
    }
    return `${(0,external_node_crypto_.createHash)('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}`;
}

;// CONCATENATED MODULE: ./src/transfer/uploader.ts
/** The user-metadata entry that holds the content's SHA-256 (hex), compared by `overwrite: if-changed`. */
const SHA256_METADATA = 'sha256';
/** Files in flight at the start, before the limit learns what pays (see `AdaptiveLimit`). */
const INITIAL_FILES = 16;
/** S3 allows at most 10,000 parts per upload. */
const MAX_PARTS = 10_000;
const uploader_MIB = 1024 * 1024;
/** The part size for a file: the configured one, grown in whole MiB so no file needs more than 10,000 parts. */
function partSizeFor(size, configured) {
    const needed = Math.ceil(size / MAX_PARTS / uploader_MIB) * uploader_MIB;
    return Math.max(configured, needed);
}
/** The headers with the content's SHA-256 added to the metadata. */
function withSha256(headers, sha256) {
    return { ...headers, metadata: { ...headers.metadata, [SHA256_METADATA]: sha256 } };
}

;// CONCATENATED MODULE: ./src/operations/upload-artifact/plan.ts











const KEY_LIMIT_BYTES = 1024;
function cacheControlFor(relative, settings) {
    for (const rule of settings.cacheRules)
        if (rule.glob === undefined || (0,esm/* minimatch */.xF)(relative, rule.glob, { dot: true }))
            return rule.value;
    return undefined;
}
/**
 * The headers an object gets (with the content's SHA-256 in the metadata when given); `if-changed`
 * compares exactly these with what is stored.
 */
function headersFor(planned, sha256, settings) {
    const tagging = Object.entries(settings.tags)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join('&');
    const headers = {
        contentType: planned.contentType,
        cacheControl: planned.cacheControl,
        metadata: Object.fromEntries(Object.entries(settings.metadata).map(([k, v]) => [k.toLowerCase(), v])),
        tagging: tagging || undefined,
        storageClass: settings.storageClass,
        sse: settings.sse,
        kmsKeyId: settings.kmsKeyId,
    };
    return sha256 === undefined ? headers : withSha256(headers, sha256);
}
function keyFor(prefix, relative) {
    const key = prefix + relative;
    if (key.split('/').some((s) => s === '..' || s === '.') || key.startsWith('/'))
        throw new errors/* InputError */.dz('path', `the file ${relative} would get the key ${JSON.stringify(key)}, with a \`.\`/\`..\` segment or a leading \`/\``);
    if (Buffer.byteLength(key) > KEY_LIMIT_BYTES)
        throw new errors/* InputError */.dz('path', `the key for ${relative} is longer than ${KEY_LIMIT_BYTES} bytes`);
    return key;
}
/** Why the stored object differs from what we would upload, or undefined when it is the same. */
function difference(stored, size, headers) {
    if (stored.ContentLength !== size)
        return `size ${stored.ContentLength} → ${size}`;
    const meta = stored.Metadata ?? {};
    // Without a `sha256` entry the caller has compared the multipart ETag instead (and left the entry out of `headers`).
    if (!meta.sha256 && headers.metadata.sha256)
        return 'no sha256 recorded';
    if (meta.sha256 !== headers.metadata.sha256)
        return 'content changed';
    if ((stored.ContentType ?? '') !== headers.contentType)
        return `content type ${stored.ContentType ?? 'none'} → ${headers.contentType}`;
    if ((stored.CacheControl ?? '') !== (headers.cacheControl ?? ''))
        return `cache-control ${stored.CacheControl ?? 'none'} → ${headers.cacheControl ?? 'none'}`;
    const wanted = headers.metadata;
    const keys = new Set([...Object.keys(meta), ...Object.keys(wanted)]);
    for (const k of keys)
        if (meta[k] !== wanted[k])
            return `metadata ${k} changed`;
    return undefined;
}
/**
 * A multipart object stored without a `sha256` entry (uploaded without `if-changed`, whose first part
 * goes out before the file is hashed) is compared by its ETag: the MD5 of its parts' MD5s, with the
 * part size this upload would use.
 */
async function sameMultipartEtag(stored, file, configuredPartSize) {
    if (stored.Metadata?.sha256 || stored.ContentLength !== file.size)
        return false;
    const etag = /^"?([0-9a-f]{32}-(\d+))"?$/.exec(stored.ETag ?? '');
    const partSize = partSizeFor(file.size, configuredPartSize);
    if (!etag || Number(etag[2]) !== Math.ceil(file.size / partSize))
        return false;
    return (await multipartEtagOfFile(file.path, file.size, partSize)) === etag[1];
}
/**
 * Finds the files, gives each a key, content type and cache rule, and — for `overwrite: false` and
 * `if-changed` — asks S3 what is already there (one HeadObject per file; the default `true` costs no
 * request here). Long because each `overwrite` mode decides its files in the same pass.
 */
async function planUpload(settings, s3, logger, signal, 
/** The keys under the prefix, when mirror mode listed them: a key not there needs no HeadObject. */
existing) {
    const found = await findFiles(settings, logger);
    const files = found.files.map((file) => ({
        file,
        key: keyFor(settings.keyPrefix, file.relative),
        contentType: settings.contentType ?? contentTypeFor(file.relative),
        cacheControl: cacheControlFor(file.relative, settings),
        action: 'upload',
        reason: 'new or overwritten',
    }));
    let requestCount = 0;
    if (existing)
        for (const f of files)
            f.reason = existing.has(f.key) ? 'overwritten' : 'new';
    if (settings.overwrite === 'true' || files.length === 0)
        return { root: found.root, files, hiddenSkipped: found.hiddenSkipped, requestCount };
    const hashing = new ByteBudget((0,external_node_os_.availableParallelism)());
    await (0,concurrency/* mapLimit */.sf)(existing ? files.filter((f) => existing.has(f.key)) : files, settings.concurrency, async (planned) => {
        requestCount++;
        let stored;
        try {
            stored = await s3.send(new dist_cjs/* HeadObjectCommand */.l81({ Bucket: settings.bucket, Key: planned.key }), {
                abortSignal: signal,
            });
        }
        catch (err) {
            if ((0,classify/* httpStatus */.nG)(err) === 404 || (0,classify/* awsErrorCode */.J6)(err) === 'NotFound') {
                planned.reason = 'new';
                return;
            }
            throw (0,classify/* wrapAwsError */.AH)(err, `HeadObject s3://${settings.bucket}/${planned.key}`);
        }
        if (settings.overwrite === 'false') {
            planned.action = 'skip';
            planned.reason = 'exists';
            return;
        }
        // HeadObjects wait on the network, hashing on the CPU: as many hashes at once as there are cores,
        // so `concurrency` (up to 64) files of 16 MiB read buffers each never pile up.
        await hashing.take(1);
        let byEtag;
        try {
            planned.sha256 = await sha256OfFile(planned.file.path);
            byEtag = await sameMultipartEtag(stored, planned.file, settings.partSizeBytes);
        }
        finally {
            hashing.give(1);
        }
        const wanted = headersFor(planned, byEtag ? undefined : planned.sha256, settings);
        const why = difference(stored, planned.file.size, wanted);
        if (why === undefined) {
            planned.storedEtag = stored.ETag;
            planned.action = 'skip';
            planned.reason = `unchanged (same size, ${byEtag ? 'multipart ETag' : 'SHA-256'} and headers)`;
        }
        else
            planned.reason = why;
    }, { signal: signal });
    if (settings.overwrite === 'false') {
        const existing = files.filter((f) => f.action === 'skip');
        if (existing.length) {
            const refusal = new errors/* TaskError */.Ik('refused', `${existing.length === 1 ? '1 key already exists' : `${existing.length} keys already exist`} and \`overwrite\` is false, so nothing was uploaded: ${existing
                .slice(0, 10)
                .map((f) => f.key)
                .join(', ')}${existing.length > 10 ? ', …' : ''}.`, {
                errorCode: 'ObjectExists',
                hint: 'Use a new `key-prefix` (e.g. with `{sha}`), or set `overwrite: true` or `if-changed`.',
            });
            return { root: found.root, files, hiddenSkipped: found.hiddenSkipped, requestCount, refusal };
        }
    }
    return { root: found.root, files, hiddenSkipped: found.hiddenSkipped, requestCount };
}

// EXTERNAL MODULE: ./src/report/links.ts
var links = __webpack_require__(3303);
;// CONCATENATED MODULE: ./src/operations/upload-artifact/report.ts





/** Files listed by name in the summary; the manifest has every one. */
const SUMMARY_FILES = 50;
/** Names given inline (files not tried, failed examples) before "and N more". */
const NAMED = 10;
/** `a, b, c and 4 more`. */
function named(names) {
    const shown = names.slice(0, NAMED).join(', ');
    return names.length > NAMED ? `${shown} and ${names.length - NAMED} more` : shown;
}
function kindOf(f) {
    if (f.action === 'skip')
        return f.reason === 'exists' ? 'exists' : 'unchanged';
    if (f.reason === 'new')
        return 'new';
    // `overwrite: true` asks S3 nothing: a key may be new or replace an object.
    if (f.reason === 'new or overwritten')
        return 'overwrite';
    return 'changed';
}
function tallyText(files, done) {
    const n = (k) => files.filter((f) => kindOf(f) === k).length;
    const parts = [
        n('new') && `${n('new')} new`,
        n('changed') && `${n('changed')} changed`,
        n('overwrite') && `${n('overwrite')} new or overwritten`,
    ].filter(Boolean);
    const skipped = [
        n('unchanged') && `${n('unchanged')} unchanged`,
        n('exists') && `${(0,format/* count */.U9)(n('exists'), 'key')} already there`,
    ].filter(Boolean);
    const going = files.filter((f) => f.action === 'upload');
    const bytes = going.reduce((s, f) => s + f.file.size, 0);
    const head = going.length
        ? `${(0,format/* count */.U9)(going.length, 'file')} ${done ? 'uploaded' : 'to upload'} (${(0,format/* formatBytes */.z3)(bytes)}${parts.length ? `: ${parts.join(', ')}` : ''})`
        : `nothing to upload`;
    return [head, ...skipped].join(', ');
}
/** Lines of the `diff` block: `+` for a new key, `~` for a changed one (with why), a space for unchanged. */
function diffLines(files) {
    const width = Math.min(60, Math.max(0, ...files.map((f) => f.key.length)));
    return [...files]
        .sort((a, b) => (0,format/* naturalCompare */.p0)(a.key, b.key))
        .map((f) => {
        const kind = kindOf(f);
        const sign = kind === 'new' || kind === 'overwrite' ? '+' : kind === 'changed' ? '~' : ' ';
        const why = kind === 'new' || kind === 'overwrite' ? '' : `  (${f.reason})`;
        return `${sign} ${f.key.padEnd(width)}  ${(0,format/* formatBytes */.z3)(f.file.size)}${why}`;
    });
}
/** Identical failures once, with a count: a missing bucket fails every file the same way. */
function failureGroups(failed) {
    const groups = new Map();
    for (const f of failed)
        groups.set(f.errorCode, [...(groups.get(f.errorCode) ?? []), f]);
    return [...groups].map(([code, files]) => ({ code, files }));
}
const failedNames = (g) => `${g.code} for ${named(g.files.map((f) => f.planned.file.relative))}`;
function failureOf(plan, result, notTried) {
    const { outcome } = result;
    const planned = plan.files.filter((f) => f.action === 'upload').length;
    const untried = notTried.length
        ? ` ${(0,format/* count */.U9)(notTried.length, 'file was', 'files were')} not tried: ${named(notTried.map((f) => f.file.relative))}.`
        : '';
    if (outcome.stopped?.kind === 'cancelled')
        return new errors/* TaskError */.Ik('cancelled', `Cancelled after uploading ${outcome.uploaded.length} of ${(0,format/* count */.U9)(planned, 'file')}; multipart uploads in flight were aborted.${untried} Re-run with \`overwrite: if-changed\` to finish.`, { errorCode: 'Cancelled' });
    if (!outcome.failed.length)
        return undefined;
    const groups = failureGroups(outcome.failed);
    // Files whose CompleteMultipartUpload got no definite answer that HeadObject could confirm.
    const mayExist = outcome.failed.filter((f) => f.mayExist);
    const perhaps = mayExist.length
        ? ` ${(0,format/* count */.U9)(mayExist.length, 'failed file')} may exist all the same: the store's answer was lost (${named(mayExist.map((f) => f.planned.file.relative))}).`
        : '';
    if (outcome.uploaded.length)
        return new errors/* TaskError */.Ik('partial', `${outcome.failed.length} of ${(0,format/* count */.U9)(planned, 'file')} failed: ${groups.map(failedNames).join('; ')}. ${(0,format/* count */.U9)(outcome.uploaded.length, 'file was', 'files were')} uploaded and ${outcome.uploaded.length === 1 ? 'is' : 'are'} in the manifest.${perhaps}${untried}`, {
            errorCode: 'PartialFailure',
            hint: 'Re-run with `overwrite: if-changed` to upload only what is missing.',
        });
    // Nothing went up: the first failure of each kind says why, once.
    return new errors/* TaskError */.Ik(outcome.stopped?.kind ?? 'awsApi', `${mayExist.length ? 'No upload was confirmed' : 'No file was uploaded'}: ${outcome.failed.length === 1
        ? outcome.failed[0].message
        : `${groups.map((g) => `${(0,format/* count */.U9)(g.files.length, 'file')} failed (${failedNames(g)}): ${g.files[0].message}`).join('; ')}.${perhaps}`}${untried}`, { errorCode: outcome.failed[0].errorCode, hint: outcome.stopped?.hint });
}
/** Planned files that were neither uploaded nor failed: a run stopped before them. */
function notTriedOf(plan, result) {
    const { outcome } = result;
    const done = new Set([
        ...outcome.uploaded.map((u) => u.planned.key),
        ...outcome.failed.map((f) => f.planned.key),
    ]);
    return plan.files.filter((f) => f.action === 'upload' && !done.has(f.key));
}
/**
 * The failure an upload run ended with, if it did (cancelled, some or all files failed, or the
 * mirror's removals failed): what `apply` returns in its outcome, and what the summary says.
 */
function uploadFailure(settings, plan, result) {
    return (failureOf(plan, result, notTriedOf(plan, result)) ??
        (result.mirror ? deletionFailure(settings, result.mirror, plan.mirror?.removed.length ?? 0) : undefined));
}
/**
 * The summary of an upload: what the bucket gains (new, changed and why, unchanged), the files with
 * links a person can open, and no claim of success when nothing matched `path`. Long because it lays
 * out the plan, refused and applied documents in reading order, section by section.
 */
function uploadReport(ctx, settings, plan, result) {
    const skipped = plan.files.filter((f) => f.action === 'skip');
    const planned = plan.files.filter((f) => f.action === 'upload');
    const link = (key) => settings.publicBaseUrl
        ? { text: key, href: publicUrl(settings.publicBaseUrl, key) }
        : (0,links/* objectCell */.U)(ctx.common, settings.bucket, key);
    const location = (0,links/* prefixCell */.$)(ctx.common, settings.bucket, settings.keyPrefix);
    const outputsBase = {
        'key-prefix': settings.keyPrefix,
        's3-uri': `s3://${settings.bucket}/${settings.keyPrefix}`,
        'skipped-count': String(skipped.length),
        'deleted-count': String(result?.mirror?.deleted.length ?? 0),
    };
    const facts = [
        // Where the prefix is served (a site, a PR preview).
        ...(settings.publicBaseUrl
            ? [['Public URL', publicUrl(settings.publicBaseUrl, settings.keyPrefix)]]
            : []),
        ['Root', plan.root, 'runner'],
        ['HeadObject requests', String(plan.requestCount), 'runner'],
    ];
    if (plan.hiddenSkipped)
        facts.push(['Hidden files left out', String(plan.hiddenSkipped)]);
    const patterns = [...settings.include, ...settings.exclude.map((e) => `!${e}`)].join(', ');
    if (plan.files.length === 0)
        return {
            headline: `Nothing uploaded: no files matched \`path\``,
            warning: settings.ifNoFilesFound !== 'ignore',
            callouts: [
                `\`path\` (${patterns}) matched no file under the root; check the pattern and \`include-hidden-files\`.`,
            ],
            location,
            facts,
            tables: [],
            notes: [],
            outputs: { ...outputsBase, 'uploaded-count': '0', bytes: '0', 'manifest-path': '', urls: '{}' },
        };
    const diff = {
        summary: tallyText(plan.files, false),
        lines: diffLines(plan.files),
    };
    const withCache = (files) => files.some((f) => f.cacheControl);
    if (!result && plan.mirror) {
        // `delete: true`: what the prefix will hold, with what goes away.
        const m = mirrorSections(plan, plan.mirror, undefined, format/* formatBytes */.z3);
        const refusal = plan.mirror.refusal;
        return {
            headline: refusal ? `Refused: ${refusal.message}` : `Plan (mirror): ${m.counts}`,
            callouts: refusal
                ? [`⛔ The plan was: ${m.counts}.`]
                : ['Dry run: nothing was uploaded or deleted. Run with `dry-run: false` to mirror.'],
            location,
            diff,
            facts,
            tables: m.tables,
            notes: m.notes,
            outputs: { ...outputsBase, 'uploaded-count': '0', bytes: '0', 'manifest-path': '', urls: '{}' },
            failure: refusal,
        };
    }
    if (!result) {
        const bytes = planned.reduce((n, f) => n + f.file.size, 0);
        const callouts = plan.refusal
            ? [`⛔ ${plan.refusal.hint ?? plan.refusal.message}`]
            : planned.length
                ? ['Dry run: nothing was uploaded. Run with `dry-run: false` to upload.']
                : [];
        return {
            headline: plan.refusal
                ? `Refused: ${(0,format/* count */.U9)(skipped.length, 'key')} already ${skipped.length === 1 ? 'exists' : 'exist'} and \`overwrite\` is false; nothing was uploaded`
                : `Plan: ${tallyText(plan.files, false)}`,
            callouts,
            location,
            diff,
            facts: [
                ...facts,
                ...(withCache(planned)
                    ? [
                        ['Cache-Control', [...new Set(planned.map((f) => f.cacheControl ?? 'none'))].join(', ')],
                    ]
                    : []),
            ],
            tables: [],
            notes: [],
            outputs: {
                ...outputsBase,
                'uploaded-count': String(plan.refusal ? 0 : planned.length),
                bytes: String(plan.refusal ? 0 : bytes),
                'manifest-path': '',
                urls: '{}',
            },
        };
    }
    const { outcome } = result;
    const notTried = notTriedOf(plan, result);
    const mirror = plan.mirror
        ? mirrorSections(plan, plan.mirror, result.mirror ?? { deleted: [], unconfirmed: [] }, format/* formatBytes */.z3)
        : undefined;
    const failure = result.failure ?? uploadFailure(settings, plan, result);
    const rate = (0,format/* meaningfulRate */.vN)(outcome.bytes, outcome.seconds);
    const uploadedFiles = outcome.uploaded.map((u) => u.planned);
    const headline = `${mirror ? `Mirrored: ${mirror.counts}; ` : ''}${outcome.uploaded.length ? '' : 'Nothing uploaded: '}${tallyText([...uploadedFiles, ...skipped], true)}${outcome.failed.length ? `; ${outcome.failed.length} failed` : ''}${outcome.failed.some((f) => f.mayExist)
        ? ` (${outcome.failed.filter((f) => f.mayExist).length} may exist)`
        : ''}${notTried.length ? `, ${notTried.length} not tried` : ''}`;
    const cache = withCache(uploadedFiles);
    const change = (f) => {
        const kind = kindOf(f);
        return kind === 'changed' ? `changed: ${f.reason}` : kind === 'overwrite' ? 'new or overwritten' : kind;
    };
    const tables = [
        {
            title: outcome.uploaded.length > SUMMARY_FILES ? `Uploaded (first ${SUMMARY_FILES})` : 'Uploaded',
            columns: ['Key', 'Size', 'Change', 'Content type', ...(cache ? ['Cache-Control'] : [])],
            rows: uploadedFiles
                .slice(0, SUMMARY_FILES)
                .map((f) => [
                link(f.key),
                (0,format/* formatBytes */.z3)(f.file.size),
                change(f),
                f.contentType,
                ...(cache ? [f.cacheControl ?? ''] : []),
            ]),
            naturalSort: true,
            // The list a reader came for: open unless it is long.
            open: uploadedFiles.length <= 25,
        },
    ];
    if (skipped.length)
        tables.push({
            title: 'Unchanged',
            columns: ['Key', 'Size', 'Why not uploaded'],
            rows: skipped.map((f) => [link(f.key), (0,format/* formatBytes */.z3)(f.file.size), f.reason]),
            naturalSort: true,
        });
    // The mirror's removed objects (its added and changed lists are the tables above).
    if (mirror)
        tables.push(...mirror.tables.slice(2));
    if (outcome.failed.length || notTried.length)
        tables.push({
            title: 'Not uploaded',
            columns: ['File', 'Why'],
            rows: [
                ...outcome.failed.map((f) => [f.planned.file.relative, f.errorCode]),
                ...notTried.map((f) => [f.file.relative, 'not tried']),
            ],
            naturalSort: true,
            open: true,
        });
    const manifestWhere = result.manifestKey
        ? `s3://${settings.bucket}/${result.manifestKey} (beside the files)`
        : result.manifestPath
            ? 'the `manifest-path` output, a file on the runner that is gone when the job ends (keep it with `actions/upload-artifact`, or set `upload-manifest: true`)'
            : '';
    return {
        headline,
        callouts: failure ? [failure.message] : [],
        location,
        facts: [
            ...facts,
            ['Time', `${(0,format/* formatDuration */.a3)(outcome.seconds)}${rate ? ` (${rate})` : ''}`, 'runner'],
            ...(result.manifestPath ? [['Manifest', result.manifestPath, 'runner']] : []),
            ...(result.manifestKey
                ? [['Manifest in the bucket', `s3://${settings.bucket}/${result.manifestKey}`]]
                : []),
        ],
        tables,
        notes: [
            ...(mirror?.notes ?? []),
            ...(outcome.uploaded.length > SUMMARY_FILES && manifestWhere
                ? [
                    `${outcome.uploaded.length - SUMMARY_FILES} more files are listed in the manifest: ${manifestWhere}.`,
                ]
                : []),
        ],
        outputs: {
            ...outputsBase,
            'uploaded-count': String(outcome.uploaded.length),
            bytes: String(outcome.bytes),
            'manifest-path': result.manifestPath ?? '',
            urls: JSON.stringify(result.urls),
        },
        failure,
    };
}

// EXTERNAL MODULE: ./src/host/github-context.ts
var github_context = __webpack_require__(7969);
// EXTERNAL MODULE: ./src/inputs/reader.ts
var inputs_reader = __webpack_require__(9066);
// EXTERNAL MODULE: ./src/inputs/key-values.ts
var key_values = __webpack_require__(829);
// EXTERNAL MODULE: ./src/aws/kms.ts
var kms = __webpack_require__(6552);
// EXTERNAL MODULE: ./src/operations/prune/glob.ts
var glob = __webpack_require__(2215);
;// CONCATENATED MODULE: ./src/operations/upload-artifact/settings.ts








/**
 * Mirror mode deletes under the key prefix, so the prefix must name a folder: `site` would also match
 * `site-old/…`, which is not ours to delete.
 */
function parseMirror(reader, keyPrefix) {
    const exclude = reader.lines('delete-removed-exclude');
    if (!reader.boolean('delete-removed')) {
        if (exclude.length)
            throw new errors/* InputError */.dz('delete-removed-exclude', 'only applies with `delete-removed: true`');
        return undefined;
    }
    if (keyPrefix === '') {
        if (!reader.boolean('allow-whole-bucket'))
            throw new errors/* InputError */.dz('key-prefix', 'is empty, so `delete-removed` would delete across the whole bucket', 'a prefix ending in `/` such as `site/`, or `allow-whole-bucket: true` to mirror the whole bucket');
    }
    else if (!keyPrefix.endsWith('/'))
        throw new errors/* InputError */.dz('key-prefix', `${(0,inputs_reader/* quote */.h)(keyPrefix)} does not end in \`/\`, so \`delete-removed\` would also delete keys such as ${(0,inputs_reader/* quote */.h)(`${keyPrefix}-old/x`)}`, 'a prefix ending in `/`');
    for (const p of exclude) {
        try {
            (0,glob/* globToRegExp */.t)(p);
        }
        catch (err) {
            throw new errors/* InputError */.dz('delete-removed-exclude', `${(0,inputs_reader/* quote */.h)(p)}: ${err.message}`, 'a glob such as `uploads/**`');
        }
    }
    return {
        exclude,
        protects: exclude.length ? (0,glob/* anyGlob */.x)(exclude) : () => false,
        maxDeletes: reader.integer('max-deletes', 0, 100_000_000),
    };
}
const settings_MIB = 1024 * 1024;
const PLACEHOLDERS = [
    'repo',
    'sha',
    'short_sha',
    'ref_name',
    'run_id',
    'run_attempt',
    'pr_number',
    'date',
];
/** A value safe inside a key: path separators and odd characters become `-`. */
function keySafe(value) {
    return value.replace(/[^\w.@+=-]/g, '-');
}
/** Resolves `{sha}`-style placeholders from the GitHub context; an unknown or unset one is an input error. */
function resolveKeyPrefix(template, env, now) {
    const github = (0,github_context/* githubContext */.h4)(env);
    const values = {
        repo: (0,github_context/* repoName */.Qq)(github),
        sha: github.sha,
        short_sha: github.sha?.slice(0, 7),
        ref_name: github.refName,
        run_id: github.runId,
        run_attempt: github.runAttempt,
        pr_number: (0,github_context/* pullRequestNumber */.Kd)(github)?.toString(),
        date: now.toISOString().slice(0, 10),
    };
    const prefix = template.replace(/\{([^}]*)\}/g, (_m, name) => {
        if (!PLACEHOLDERS.includes(name))
            throw new errors/* InputError */.dz('key-prefix', `\`{${name}}\` is not a known placeholder`, PLACEHOLDERS.map((p) => `\`{${p}}\``).join(', '));
        const value = values[name];
        if (!value)
            throw new errors/* InputError */.dz('key-prefix', `\`{${name}}\` has no value here (outside a GitHub run, or not a pull request)`);
        return keySafe(value);
    });
    if (prefix.startsWith('/'))
        throw new errors/* InputError */.dz('key-prefix', `${(0,inputs_reader/* quote */.h)(prefix)} starts with \`/\``, 'a prefix such as `builds/{sha}/`');
    if (prefix.split('/').some((s) => s === '..' || s === '.'))
        throw new errors/* InputError */.dz('key-prefix', `${(0,inputs_reader/* quote */.h)(prefix)} contains a \`.\` or \`..\` segment`);
    if (Buffer.byteLength(prefix) > 900)
        throw new errors/* InputError */.dz('key-prefix', 'is longer than 900 bytes');
    return prefix;
}
/**
 * Values sent as HTTP headers (Content-Type, Cache-Control, `x-amz-meta-*`): printable US-ASCII, as S3
 * requires over REST. A line break or a character outside it would fail the upload, after the token
 * and the credentials were spent.
 */
const HEADER_VALUE = /^[\x20-\x7e]*$/;
function headerValue(input, what, value) {
    if (!HEADER_VALUE.test(value))
        throw new errors/* InputError */.dz(input, `${what} ${(0,inputs_reader/* quote */.h)(value)} is not printable US-ASCII (it is sent as an HTTP header)`);
}
function parseCacheRules(reader) {
    const lines = reader.lines('cache-control');
    // Cache-Control directives never contain `:`, so a colon marks a `glob: value` rule.
    const rules = lines.map((line) => {
        const colon = line.indexOf(':');
        if (colon < 0)
            return { value: line };
        const glob = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (!glob || !value)
            throw new errors/* InputError */.dz('cache-control', `${(0,inputs_reader/* quote */.h)(line)} is not a \`glob: value\` rule`);
        return { glob, value };
    });
    for (const r of rules)
        headerValue('cache-control', 'the value', r.value);
    if (rules.some((r) => r.glob === undefined) && rules.length > 1)
        throw new errors/* InputError */.dz('cache-control', 'mixes a plain value with rules', 'either one value, or `glob: value` lines (use `**: value` as the last rule for a default)');
    return rules;
}
/**
 * Every upload-artifact input, validated in the order the README lists them. Long because it is a
 * flat list of one check per input: splitting it would only scatter the inputs.
 */
function parseUploadArtifact(reader, _common, env = process.env, now = new Date()) {
    const bucket = (0,key_values/* parseBucket */.W5)(reader, 'upload-artifact');
    const lines = reader.lines('path');
    if (lines.length === 0)
        throw new errors/* InputError */.dz('path', 'is required by `upload-artifact`', 'files, directories or globs, one per line');
    const absolute = (p) => ((0,external_node_path_.isAbsolute)(p) ? p : (0,external_node_path_.resolve)(p));
    const include = lines.filter((l) => !l.startsWith('!')).map(absolute);
    const exclude = lines.filter((l) => l.startsWith('!')).map((l) => absolute(l.slice(1).trim()));
    if (include.length === 0)
        throw new errors/* InputError */.dz('path', 'has only `!` exclusions', 'at least one path to include');
    const root = reader.string('root');
    const sse = reader.string('sse');
    if (sse !== undefined && !['AES256', 'aws:kms', 'aws:kms:dsse'].includes(sse))
        throw new errors/* InputError */.dz('sse', `${(0,inputs_reader/* quote */.h)(sse)} is not allowed`, '`AES256`, `aws:kms` or `aws:kms:dsse`');
    const kmsKeyId = reader.string('kms-key-id');
    if (kmsKeyId !== undefined) {
        if (!sse?.startsWith('aws:kms'))
            throw new errors/* InputError */.dz('kms-key-id', 'only applies with `sse: aws:kms` or `aws:kms:dsse`');
        if (!kms/* KMS_KEY_ID */.a.test(kmsKeyId))
            throw new errors/* InputError */.dz('kms-key-id', `${(0,inputs_reader/* quote */.h)(kmsKeyId)} is not a KMS key id, ARN or alias`);
    }
    const storageClass = reader.string('storage-class');
    if (storageClass !== undefined && !Object.values(dist_cjs/* StorageClass */.KDT).includes(storageClass))
        throw new errors/* InputError */.dz('storage-class', `${(0,inputs_reader/* quote */.h)(storageClass)} is not a storage class`, Object.values(dist_cjs/* StorageClass */.KDT)
            .map((s) => `\`${s}\``)
            .join(', '));
    const contentType = reader.string('content-type');
    if (contentType !== 'auto' &&
        contentType !== undefined &&
        !(HEADER_VALUE.test(contentType) &&
            /^[\w.+-]+\/[\w.+-]+([ \t]*;[ \t]*[\w.+-]+=[^;\s]+)*$/.test(contentType)))
        throw new errors/* InputError */.dz('content-type', `${(0,inputs_reader/* quote */.h)(contentType)} is not a media type`, '`auto` or e.g. `application/octet-stream`');
    const metadata = (0,key_values/* parseKeyValueLines */.FF)(reader, 'metadata', (key) => /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(key), 'letters, digits, `-`, `_` and `.`');
    if (Object.keys(metadata).some((k) => k.toLowerCase() === 'sha256'))
        throw new errors/* InputError */.dz('metadata', 'the key `sha256` is reserved for the content checksum');
    for (const [key, value] of Object.entries(metadata))
        headerValue('metadata', `the value of ${(0,inputs_reader/* quote */.h)(key)}`, value);
    // S3 allows at most 10 tags per object.
    const tags = (0,key_values/* parseTags */.rL)(reader, 10);
    const presignExpires = reader.given('presign-expires')
        ? reader.integer('presign-expires', 1, 604800)
        : undefined;
    const publicBaseUrl = reader.string('public-base-url');
    if (publicBaseUrl !== undefined && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(publicBaseUrl))
        throw new errors/* InputError */.dz('public-base-url', `${(0,inputs_reader/* quote */.h)(publicBaseUrl)} is not an http(s) URL`);
    const keyPrefix = resolveKeyPrefix(reader.string('key-prefix') ?? '', env, now);
    return {
        bucket,
        include,
        exclude,
        root: root === undefined ? undefined : absolute(root),
        keyPrefix,
        ifNoFilesFound: reader.choice('if-no-files-found', ['error', 'warn', 'ignore']),
        includeHidden: reader.boolean('include-hidden-files'),
        overwrite: reader.choice('overwrite', ['true', 'false', 'if-changed']),
        contentType: contentType === 'auto' ? undefined : contentType,
        cacheRules: parseCacheRules(reader),
        metadata,
        tags,
        storageClass: storageClass,
        sse: sse,
        kmsKeyId,
        partSizeBytes: reader.integer('part-size-mb', 5, 5120) * settings_MIB,
        concurrency: reader.integer('concurrency', 1, 64),
        partConcurrency: reader.integer('part-concurrency', 1, 32),
        memoryBudgetBytes: reader.integer('memory-budget-mb', 16, 65536) * settings_MIB,
        manifest: reader.boolean('manifest'),
        uploadManifest: reader.boolean('upload-manifest'),
        presignExpires,
        publicBaseUrl: publicBaseUrl?.replace(/\/+$/, ''),
        followSymlinks: reader.boolean('follow-symlinks'),
        allowOutsideRoot: reader.boolean('allow-outside-root'),
        mirror: parseMirror(reader, keyPrefix),
    };
}

// EXTERNAL MODULE: ./src/aws/bucket-name.ts
var bucket_name = __webpack_require__(5623);
;// CONCATENATED MODULE: ./src/operations/upload-artifact/progress.ts
const progress_MIB = 1024 * 1024;
/**
 * Logs files done/total and bytes sent every few seconds — and nothing for uploads that end before
 * the first interval, so short runs stay quiet. Bytes are counted as they are sent and a file only
 * when S3 has answered for it, so the percentage stays below 100 % until the last reply is in, and
 * the lines go on (saying how many replies are awaited) for as long as any request is open.
 */
class Progress {
    logger;
    totalFiles;
    totalBytes;
    bytes = 0;
    files = 0;
    reported = false;
    started = Date.now();
    timer;
    constructor(logger, totalFiles, totalBytes, intervalMs = 5000) {
        this.logger = logger;
        this.totalFiles = totalFiles;
        this.totalBytes = totalBytes;
        if (totalFiles > 0) {
            this.timer = setInterval(() => this.report(), intervalMs);
            this.timer.unref();
        }
    }
    addBytes(n) {
        this.bytes += n;
    }
    fileDone() {
        this.files++;
    }
    get elapsedSeconds() {
        return (Date.now() - this.started) / 1000;
    }
    get bytesDone() {
        return this.bytes;
    }
    report() {
        this.reported = true;
        const seconds = this.elapsedSeconds;
        const rate = this.bytes / progress_MIB / seconds;
        const left = Math.max(0, this.totalBytes - this.bytes);
        const eta = rate > 0 && left > 0 ? Math.round(left / progress_MIB / rate) : undefined;
        const done = this.files >= this.totalFiles;
        const share = this.totalBytes ? this.bytes / this.totalBytes : this.files / this.totalFiles;
        const percent = done ? 100 : Math.min(99, Math.floor(100 * share));
        const waiting = !done && left === 0
            ? `, waiting for ${this.totalFiles - this.files} ${this.totalFiles - this.files === 1 ? 'reply' : 'replies'}`
            : '';
        this.logger.info('upload.progress', `${this.files}/${this.totalFiles} files, ${(this.bytes / progress_MIB).toFixed(1)}/${(this.totalBytes / progress_MIB).toFixed(1)} MiB sent (${percent}%)${rate >= 0.1 ? `, ${rate.toFixed(1)} MiB/s` : ''}${eta !== undefined ? `, ETA ${eta}s` : ''}${waiting}`, {
            files: this.files,
            totalFiles: this.totalFiles,
            bytes: this.bytes,
            totalBytes: this.totalBytes,
            percent,
            mibPerSecond: Number(rate.toFixed(2)),
            etaSeconds: eta ?? null,
        });
    }
    /** Ends the reporting; a run that reported along the way gets its last line, at 100 % when done. */
    stop() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = undefined;
        if (this.reported)
            this.report();
    }
}

// EXTERNAL MODULE: ./src/aws/not-applied.ts
var not_applied = __webpack_require__(460);
;// CONCATENATED MODULE: ./src/transfer/confirm-completed.ts





/**
 * A CompleteMultipartUpload whose answer was lost or could not be read and whose object may exist: the
 * error keeps the call's kind and code (so the exit code is the documented one) and says so.
 */
class UploadMayExistError extends errors/* TaskError */.Ik {
}
/**
 * Called when CompleteMultipartUpload fails. Unless S3 certainly refused it, the store may have
 * completed the upload and only its answer was lost (a reset, a cut 200, or a retry answered
 * `NoSuchUpload` because the first attempt did complete it). One HeadObject tells: the object there
 * with this size and `sha256` is the upload, done. An object that is not there (or another one) means
 * the call did not complete it, and the call's own error stands; when the check itself fails, the error
 * says the object may exist.
 */
async function confirmCompleted(err, expected) {
    if ((0,not_applied/* certainlyNotApplied */.g)(err) || (0,classify/* kindOf */.I)(err) === 'cancelled' || expected.signal.aborted)
        throw err;
    const { s3, bucket, key } = expected;
    let head;
    try {
        head = await s3.send(new dist_cjs/* HeadObjectCommand */.l81({ Bucket: bucket, Key: key }), {
            abortSignal: expected.signal,
        });
    }
    catch (headErr) {
        if ((0,classify/* httpStatus */.nG)(headErr) === 404)
            throw err;
        const code = (0,classify/* awsErrorCode */.J6)(err);
        // A HEAD answer has no body to name its error: a bare 403 is S3 denying it.
        const headCode = (0,classify/* isAccessDenied */.w7)(headErr) ? 'AccessDenied' : (0,classify/* awsErrorCode */.J6)(headErr);
        throw new UploadMayExistError((0,classify/* kindOf */.I)(err), `CompleteMultipartUpload of s3://${bucket}/${key} got no definite answer (${code}), so the object may exist; HeadObject could not confirm it (${headCode}). ${expected.sha256 ? `Its \`sha256\` metadata is ${expected.sha256} if it is complete; a run with \`overwrite: if-changed\` skips it then.` : 'A run with `overwrite: if-changed` skips it if it is complete.'}`, { errorCode: code, cause: err });
    }
    const same = expected.sha256
        ? head.Metadata?.sha256 === expected.sha256
        : !!expected.partEtags && unquoted(head.ETag) === multipartEtag(expected.partEtags);
    if (head.ContentLength !== expected.size || !same)
        throw err;
    expected.onConfirmed?.(key, (0,classify/* awsErrorCode */.J6)(err));
    return { ETag: head.ETag };
}
const unquoted = (etag) => (etag ?? '').replace(/"/g, '');
/** The ETag of a completed multipart upload, from its parts' ETags (hex MD5s where the store computes them so). */
function multipartEtag(partEtags) {
    const md5s = Buffer.concat(partEtags.map((e) => Buffer.from(unquoted(e), 'hex')));
    return `${(0,external_node_crypto_.createHash)('md5').update(md5s).digest('hex')}-${partEtags.length}`;
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./src/aws/payload-hash.ts
var payload_hash = __webpack_require__(2984);
;// CONCATENATED MODULE: ./src/util/adaptive-limit.ts

/**
 * An in-flight limit that finds the concurrency a link rewards, between 1 and an upper bound.
 *
 * Work is measured in windows: a window starts when the limit changes and closes once `window × limit`
 * tasks started inside it have finished (tasks started before it ran under another limit and are
 * not counted). `window` is 2 by default: small files on loopback need two rounds for a steady
 * reading. A single round that lasted `STEADY_MS` or more also closes a window: against a distant store
 * each task takes that long anyway. Each closed window gives a throughput (units per second) and a
 * mean latency.
 *
 * - Probing: while a doubled limit raised throughput by more than `GROWTH` (or kept it while latency
 *   stayed flat: nothing is queueing), the limit doubles again. The first doubling that does neither
 *   goes back to the best limit seen, and the limit holds there.
 *   On loopback, where one core is the bottleneck, that is the start value; against a store 25 ms
 *   away, it is where the link or the CPU saturates.
 * - Holding: a window with a throttled or failed task halves the limit (S3 answers `503 SlowDown`
 *   when a prefix gets more requests than it can take; the SDK retries it, which shows as more
 *   than one attempt); latency grown past twice its floor while throughput fell cuts it by a
 *   quarter; otherwise it creeps back up by one per window towards the best limit found.
 *
 * The clock is injected so tests drive it without waiting.
 */
/** A doubled limit must raise throughput by at least this fraction to be kept. */
const GROWTH = 0.15;
/** A window of one round that lasted this long (ms) is read as steady (see `steadyAfterOneRound`). */
const STEADY_MS = 20;
/** Latency this many times its floor, with throughput down, counts as a queue building up. */
const LATENCY_GROWTH = 2;
class AdaptiveLimit {
    current;
    max;
    now;
    rounds;
    inFlight = 0;
    waiting = [];
    phase = 'probing';
    best = { rate: 0, limit: 1, latency: Infinity };
    latencyFloor = Infinity;
    /** The window being measured. */
    window = { id: 0, startedAt: 0, samples: 0, units: 0, latency: 0, trouble: false };
    constructor(options) {
        this.max = Math.max(1, Math.floor(options.max));
        this.current = Math.min(this.max, Math.max(1, Math.floor(options.initial)));
        this.now = options.now ?? (() => performance.now());
        this.rounds = Math.max(1, options.window ?? 2);
        if (this.current === this.max)
            this.phase = 'holding';
        this.best.limit = this.current;
        this.window.startedAt = this.now();
    }
    /** The limit in force now. */
    get limit() {
        return this.current;
    }
    /** Waits for a free slot. */
    async acquire() {
        while (this.inFlight >= this.current)
            await new Promise((resolve) => this.waiting.push(resolve));
        this.inFlight++;
        return { startedAt: this.now(), window: this.window.id };
    }
    /** Gives a slot back; `units` is the work the task did (bytes, or 1 per file). */
    release(ticket, units, outcome = 'ok') {
        this.inFlight--;
        const w = this.window;
        if (ticket.window === w.id) {
            w.samples++;
            w.units += units;
            w.latency += this.now() - ticket.startedAt;
            if (outcome !== 'ok')
                w.trouble = true;
            if (w.trouble || w.samples >= this.rounds * this.current || this.steadyAfterOneRound(w))
                this.closeWindow();
        }
        else if (outcome !== 'ok' && !w.trouble) {
            // Trouble is acted on at once, whichever limit the task started under.
            w.trouble = true;
            this.closeWindow();
        }
        this.wake();
    }
    /**
     * One round is a steady reading too once it has lasted `STEADY_MS`: then each task took about that
     * long (a store that far away), and jitter of a millisecond or two no longer decides the reading.
     */
    steadyAfterOneRound(w) {
        return w.samples >= this.current && this.now() - w.startedAt >= STEADY_MS;
    }
    closeWindow() {
        const w = this.window;
        const elapsed = Math.max(1e-3, this.now() - w.startedAt);
        const rate = w.units / elapsed;
        const latency = w.samples ? w.latency / w.samples : 0;
        if (w.samples)
            this.latencyFloor = Math.min(this.latencyFloor, latency);
        let next = this.current;
        if (w.trouble) {
            next = Math.max(1, Math.floor(this.current / 2));
            this.phase = 'holding';
            this.best = { rate: 0, limit: Math.max(next, Math.floor(this.best.limit / 2)), latency: Infinity };
        }
        else if (this.phase === 'probing') {
            // More in flight paid, or cost nothing: throughput held while latency did not grow, so
            // requests are not queueing anywhere and the link has room (a throughput reading alone is
            // noisy on a busy runner).
            const paid = rate > this.best.rate * (1 + GROWTH);
            const free = rate >= this.best.rate * (1 - GROWTH / 3) && latency <= this.best.latency * (1 + GROWTH * 2);
            if (paid || free) {
                this.best = { rate: Math.max(rate, this.best.rate), limit: this.current, latency };
                if (this.current >= this.max)
                    this.phase = 'holding';
                else
                    next = Math.min(this.max, this.current * 2);
            }
            else {
                next = this.best.limit;
                this.phase = 'holding';
            }
        }
        else if (latency > LATENCY_GROWTH * this.latencyFloor && rate < this.best.rate * (1 - GROWTH)) {
            next = Math.max(1, this.current - Math.ceil(this.current / 4));
        }
        else {
            if (rate > this.best.rate)
                this.best = { rate, limit: Math.max(this.best.limit, this.current), latency };
            if (this.current < this.best.limit)
                next = this.current + 1;
        }
        this.current = next;
        this.window = {
            id: w.id + 1,
            startedAt: this.now(),
            samples: 0,
            units: 0,
            latency: 0,
            trouble: false,
        };
    }
    wake() {
        // A woken waiter checks again, so waking one per free slot is enough.
        const free = this.current - this.inFlight;
        if (free > 0)
            for (const resolve of this.waiting.splice(0, free))
                resolve();
    }
}
/**
 * Runs `fn` for every item, as many at once as the limit allows. On the first failure it stops
 * starting work, calls `onFailure` (to abort what is in flight), waits for everything in flight to
 * settle and only then rethrows, so a caller's clean-up never races requests still running. `stop`
 * ends the run early without an error.
 */
async function forEachAdaptive(items, limit, fn, options = {}) {
    const running = new Set();
    let failure;
    for (const item of items) {
        const ticket = await limit.acquire();
        if (failure || options.stop?.()) {
            limit.release(ticket, 0);
            break;
        }
        if (options.signal?.aborted) {
            limit.release(ticket, 0);
            failure = { err: new errors/* CancelledError */.cc() };
            options.onFailure?.(failure.err);
            break;
        }
        const task = fn(item)
            .then((r) => limit.release(ticket, r.units, r.outcome), (err) => {
            limit.release(ticket, 0, 'error');
            if (!failure) {
                failure = { err };
                options.onFailure?.(err);
            }
        })
            .finally(() => running.delete(task));
        running.add(task);
    }
    await Promise.all(running);
    if (failure)
        throw failure.err;
}

// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
;// CONCATENATED MODULE: ./src/util/hash-worker.ts

/**
 * A SHA-256 that runs on a worker thread, fed from shared memory: the main thread hands over a view
 * of a SharedArrayBuffer (no copy) and goes on with its own work — reading the next chunk, hashing
 * parts — while the worker updates the digest. The worker is plain CommonJS evaluated from this
 * string, so the bundle needs no second entry file.
 */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (m) => {
  let hash = hashes.get(m.id);
  if (!hash) hashes.set(m.id, (hash = createHash('sha256')));
  if (m.op === 'update') {
    hash.update(new Uint8Array(m.buffer, m.offset, m.length));
    parentPort.postMessage({ seq: m.seq });
  } else {
    hashes.delete(m.id);
    parentPort.postMessage({ seq: m.seq, hex: hash.digest('hex') });
  }
});
`;
/** A buffer the worker can read without a copy. */
function sharedBuffer(size) {
    return Buffer.from(new SharedArrayBuffer(size));
}
class HashWorker {
    worker;
    seq = 0;
    ids = 0;
    waiting = new Map();
    call(message) {
        if (!this.worker) {
            const worker = new external_node_worker_threads_.Worker(SOURCE, { eval: true });
            worker.unref();
            worker.on('message', (r) => {
                this.waiting.get(r.seq)?.resolve(r);
                this.waiting.delete(r.seq);
            });
            const fail = (err) => {
                for (const w of this.waiting.values())
                    w.reject(err);
                this.waiting.clear();
                this.worker = undefined;
            };
            worker.on('error', fail);
            worker.on('exit', (code) => fail(new Error(`the hashing worker stopped (exit ${code})`)));
            this.worker = worker;
        }
        const seq = ++this.seq;
        const reply = new Promise((resolve, reject) => this.waiting.set(seq, { resolve, reject }));
        this.worker.postMessage({ ...message, seq });
        return reply;
    }
    /** A new running digest. */
    begin() {
        const id = ++this.ids;
        return {
            update: async (buffer, length) => {
                if (!(buffer.buffer instanceof SharedArrayBuffer))
                    throw new TypeError('HashWorker needs a buffer made by sharedBuffer()');
                await this.call({ op: 'update', id, buffer: buffer.buffer, offset: buffer.byteOffset, length });
            },
            digest: async () => (await this.call({ op: 'digest', id })).hex,
        };
    }
    async close() {
        const worker = this.worker;
        this.worker = undefined;
        await worker?.terminate();
    }
}

;// CONCATENATED MODULE: ./src/transfer/part-buffers.ts


/**
 * Part-sized buffers in shared memory (the hashing worker reads them without a copy), reused from
 * part to part and from file to file, all of them inside one memory budget: nothing is allocated, or
 * collected, per part, and however many files and parts are in flight, their buffers never take
 * more than the budget. A part waits for a buffer when the budget is spent; buffers go to waiters in
 * the order they asked. Nobody holds one buffer while waiting for another, so waiting cannot deadlock.
 */
class PartBuffers {
    free = new Map();
    waiting = [];
    budget;
    constructor(budgetBytes) {
        this.budget = new ByteBudget(budgetBytes);
    }
    take(size) {
        const now = this.waiting.length ? undefined : this.takeNow(size);
        if (now)
            return Promise.resolve(now);
        return new Promise((resolve) => this.waiting.push({ size, resolve }));
    }
    give(buffer) {
        const list = this.free.get(buffer.length);
        if (list)
            list.push(buffer);
        else
            this.free.set(buffer.length, [buffer]);
        while (this.waiting.length) {
            const next = this.takeNow(this.waiting[0].size);
            if (!next)
                break;
            this.waiting.shift().resolve(next);
        }
    }
    takeNow(size) {
        const reused = this.free.get(size)?.pop();
        if (reused)
            return reused;
        if (!this.budget.tryTake(size)) {
            // Idle buffers of another size (a file so large its parts grew) make room for this one.
            for (const [other, list] of this.free)
                if (other !== size) {
                    this.budget.give(other * list.length);
                    this.free.delete(other);
                }
            if (!this.budget.tryTake(size))
                return undefined;
        }
        return sharedBuffer(size);
    }
}

;// CONCATENATED MODULE: ./src/transfer/s3-uploader.ts













const s3_uploader_MIB = 1024 * 1024;
/** Files up to this size are read without the thread pool. */
const SYNC_READ_LIMIT = 1 * s3_uploader_MIB;
/**
 * Parts of one file in flight at the start: as many as the memory budget holds (32 parts of 8 MiB in
 * the default 256 MiB), at least 4, and `partConcurrency` caps it. A file has few parts (32 for 256 MiB),
 * so probing upwards from fewer costs whole waves of them: against a store 25 ms away, starting at 16
 * moved 256 MiB at 0.90 of 32 fixed, starting at 32 at 0.96–0.98; on loopback, where the CPU is the limit,
 * 4 to 32 parts move alike (BENCHMARKS.md). From there the limit backs off on throttling, errors and
 * latency growing while throughput falls.
 */
function initialParts(tuning, partSize) {
    return Math.max(4, Math.floor(tuning.memoryBudgetBytes / partSize));
}
/** A retried request (throttling, a 5xx, a dropped connection) is a sign to send less at once. */
function retried(out) {
    return (out.$metadata?.attempts ?? 1) > 1;
}
/** Node's zlib CRC32 (Node ≥ 20.15; the action runs on Node 24). Without it, parts go as before. */
const crc32 = external_node_zlib_.crc32;
/**
 * The project's tuned S3 uploader. A file of up to one part goes in one PutObject read whole, its
 * SHA-256 serving as `sha256` metadata, checksum and SigV4 payload hash at once. A larger file goes
 * multipart with positional reads into pooled part buffers; its parts go out from the first byte
 * (no hashing pass first) while a worker thread folds each part into the file's SHA-256, and the
 * number of parts in flight adapts to what the link rewards, up to `partConcurrency`.
 */
class S3Uploader {
    clients;
    target;
    tuning;
    events;
    hasher = new HashWorker();
    buffers;
    /**
     * On AWS (checksums on, always HTTPS) a part carries a CRC32 checksum S3 verifies and an unsigned
     * payload, so the file's SHA-256 on the worker is the only SHA-256 pass over its bytes; elsewhere
     * each part's SHA-256 is signed (SigV4), the only integrity check a store without checksums has.
     */
    crcParts;
    constructor(clients, target, tuning, events) {
        this.clients = clients;
        this.target = target;
        this.tuning = tuning;
        this.events = events;
        this.buffers = new PartBuffers(tuning.memoryBudgetBytes);
        this.crcParts = target.checksums && crc32 !== undefined;
    }
    /** Part buffers in use and the most ever held (bytes): the memory budget at work. */
    get bufferUse() {
        return { inUse: this.buffers.budget.inUse, peak: this.buffers.budget.peak };
    }
    async upload(request) {
        const partSize = partSizeFor(request.size, this.tuning.partSizeBytes);
        if (request.size <= partSize)
            return this.putSmall(request);
        return this.putMultipart(request, partSize);
    }
    async close() {
        await this.hasher.close();
    }
    common(key, headers) {
        return {
            Bucket: this.target.bucket,
            Key: key,
            ContentType: headers.contentType,
            CacheControl: headers.cacheControl,
            Metadata: headers.metadata,
            Tagging: headers.tagging,
            StorageClass: headers.storageClass,
            ServerSideEncryption: headers.sse,
            SSEKMSKeyId: headers.kmsKeyId,
        };
    }
    /** One PutObject from a buffer read whole. */
    async putSmall(request) {
        const { path, key } = request;
        // A small file read synchronously costs a few microseconds; the promise API's four thread-pool round
        // trips (open, fstat, read, close) cost more than the read itself.
        const body = request.size <= SYNC_READ_LIMIT ? (0,external_node_fs_.readFileSync)(path) : await (0,promises_.readFile)(path);
        const digest = (0,external_node_crypto_.createHash)('sha256').update(body).digest();
        const sha256 = digest.toString('hex');
        (0,payload_hash/* declarePayloadSha256 */.Ui)(body, sha256);
        const command = new dist_cjs/* PutObjectCommand */.wKZ({
            ...this.common(key, withSha256(request.headers, sha256)),
            Body: body,
            ContentLength: body.length,
            ChecksumSHA256: this.target.checksums ? digest.toString('base64') : undefined,
            IfNoneMatch: this.target.ifNoneMatch ? '*' : undefined,
        });
        const { bulk, s3 } = this.clients;
        const out = bulk ? await bulk.send(command) : await s3.send(command, { abortSignal: this.events.signal });
        this.events.onBytes?.(body.length);
        return { etag: out.ETag ?? '', parts: 1, sha256, retried: retried(out) };
    }
    /**
     * The SHA-256 of a file and the seal of each of its parts, in one read: each part is read into
     * shared memory, the worker thread folds it into the file's digest while this thread seals the part.
     * Only for a multipart upload that must store its SHA-256 (it goes in CreateMultipartUpload); the
     * upload that follows reuses the seals, so a file changed since this pass fails S3's checks.
     */
    async hashFirst(path, size, partSize) {
        const whole = this.hasher.begin();
        const parts = [];
        const handle = await (0,promises_.open)(path, 'r');
        const buffer = await this.buffers.take(partSize);
        try {
            for (let offset = 0; offset < size; offset += partSize) {
                const length = Math.min(partSize, size - offset);
                await readAt(handle, path, buffer, length, offset);
                const folded = whole.update(buffer, length);
                parts.push(this.seal(buffer.subarray(0, length)));
                await folded;
            }
            return { sha256: await whole.digest(), parts };
        }
        finally {
            this.buffers.give(buffer);
            await handle.close();
        }
    }
    /** A part's seal (see `crcParts`). */
    seal(body) {
        if (this.crcParts) {
            const value = Buffer.alloc(4);
            value.writeUInt32BE(crc32(body));
            return { crc32: value.toString('base64') };
        }
        return { sha256: (0,external_node_crypto_.createHash)('sha256').update(body).digest() };
    }
    /** Tells the signer what vouches for the body, and returns the part's checksum fields. */
    applySeal(body, seal) {
        if ('crc32' in seal) {
            (0,payload_hash/* declareUnsignedPayload */.It)(body);
            return { ChecksumCRC32: seal.crc32 };
        }
        (0,payload_hash/* declarePayloadSha256 */.Ui)(body, seal.sha256.toString('hex'));
        return this.target.checksums ? { ChecksumSHA256: seal.sha256.toString('base64') } : {};
    }
    /**
     * CreateMultipartUpload is not idempotent: when it took more than one attempt, an earlier one may have
     * created an upload whose reply was lost. Such an upload is of this very key and started (by S3's clock)
     * at most the call's duration before ours: abort those, so no parts are left behind. Best effort — a
     * role without `s3:ListBucketMultipartUploads` is told, and a lifecycle rule removes them later.
     */
    async abortLostCreations(key, uploadId, tookMs) {
        const { s3 } = this.clients;
        const { bucket } = this.target;
        const { signal } = this.events;
        try {
            const listed = await s3.send(new dist_cjs/* ListMultipartUploadsCommand */.mo2({ Bucket: bucket, Prefix: key }), {
                abortSignal: signal,
            });
            const uploads = (listed.Uploads ?? []).filter((u) => u.Key === key);
            const ours = uploads.find((u) => u.UploadId === uploadId)?.Initiated?.getTime();
            if (ours === undefined)
                return;
            // S3 keeps `Initiated` to the second.
            const earliest = ours - tookMs - 1000;
            for (const u of uploads) {
                const at = u.Initiated?.getTime();
                if (u.UploadId === uploadId || at === undefined || at > ours || at < earliest)
                    continue;
                await s3.send(new dist_cjs/* AbortMultipartUploadCommand */.tfP({ Bucket: bucket, Key: key, UploadId: u.UploadId }), {
                    abortSignal: signal,
                });
            }
        }
        catch (err) {
            if (!signal.aborted)
                this.events.onAbortFailed?.(key, '', err);
        }
    }
    /**
     * A multipart upload; any failure or cancellation aborts it, so no orphaned parts are left behind.
     */
    async putMultipart(request, partSize) {
        const { path, size, key } = request;
        const { s3 } = this.clients;
        const { signal } = this.events;
        const known = request.recordSha256 && !request.sha256
            ? await this.hashFirst(path, size, partSize)
            : request.sha256
                ? { sha256: request.sha256, parts: undefined }
                : undefined;
        const headers = request.recordSha256 ? withSha256(request.headers, known.sha256) : request.headers;
        const creating = Date.now();
        // Not under the job signal: an upload S3 creates just as the job is cancelled must be known, so that
        // it is aborted below instead of being left behind (the call is bounded by the read timeout).
        const created = await s3.send(new dist_cjs/* CreateMultipartUploadCommand */.nG4({
            ...this.common(key, headers),
            ChecksumAlgorithm: this.target.checksums ? (this.crcParts ? 'CRC32' : 'SHA256') : undefined,
        }));
        const uploadId = created.UploadId;
        // Stops the parts still in flight when one fails or the job is cancelled.
        const local = new AbortController();
        const onAbort = () => local.abort();
        signal.addEventListener('abort', onAbort, { once: true });
        if (signal.aborted)
            local.abort();
        let file;
        try {
            if ((created.$metadata?.attempts ?? 1) > 1)
                await this.abortLostCreations(key, uploadId, Date.now() - creating);
            file = await (0,promises_.open)(path, 'r');
            const sent = await this.sendParts(request, file, uploadId, partSize, local, known);
            const done = await s3
                .send(new dist_cjs/* CompleteMultipartUploadCommand */.Gym({
                Bucket: this.target.bucket,
                Key: key,
                UploadId: uploadId,
                MultipartUpload: { Parts: sent.parts },
                IfNoneMatch: this.target.ifNoneMatch ? '*' : undefined,
            }), { abortSignal: signal })
                .catch((err) => confirmCompleted(err, {
                s3,
                bucket: this.target.bucket,
                key,
                size,
                sha256: headers.metadata[SHA256_METADATA],
                partEtags: sent.parts.map((p) => p.ETag ?? ''),
                signal,
                onConfirmed: this.events.onCompleteConfirmed,
            }));
            return { etag: done.ETag ?? '', parts: sent.parts.length, sha256: sent.sha256, retried: sent.retried };
        }
        catch (err) {
            // Not under the (possibly aborted) job signal: the abort must go out even when cancelling.
            try {
                await s3.send(new dist_cjs/* AbortMultipartUploadCommand */.tfP({ Bucket: this.target.bucket, Key: key, UploadId: uploadId }));
            }
            catch (abortErr) {
                // Gone already: completed by a call whose answer was lost, or aborted. No parts stay behind.
                if ((0,classify/* awsErrorCode */.J6)(abortErr) !== 'NoSuchUpload')
                    this.events.onAbortFailed?.(key, uploadId, abortErr);
            }
            throw err;
        }
        finally {
            signal.removeEventListener('abort', onAbort);
            await file?.close();
        }
    }
    /**
     * Sends every part: positional reads into pooled buffers, as many parts in flight as pay (up to
     * `partConcurrency`, within the memory budget). Without a known SHA-256, the worker thread folds
     * each part into the file's digest in order while this thread seals the part (`seal`), so no byte
     * waits for a hashing pass. A buffer goes back to the pool only once
     * its request and its fold have settled.
     */
    async sendParts(request, handle, uploadId, partSize, local, known) {
        const { path, size, key } = request;
        const count = Math.ceil(size / partSize);
        const parts = new Array(count);
        const whole = known ? undefined : this.hasher.begin();
        // Parts start in order; each one's fold waits for the previous part's, so the digest sees the file in order.
        let previousFold = Promise.resolve();
        let anyRetried = false;
        const { partConcurrency, adaptive } = this.tuning;
        const limit = new AdaptiveLimit({
            initial: adaptive === false ? partConcurrency : initialParts(this.tuning, partSize),
            max: partConcurrency,
            // One file has too few parts to spend two rounds on every step, even on loopback where a round
            // of parts can take under `STEADY_MS`.
            window: 1,
        });
        const indices = Array.from({ length: count }, (_, i) => i);
        await forEachAdaptive(indices, limit, async (i) => {
            const offset = i * partSize;
            const length = Math.min(partSize, size - offset);
            const turn = previousFold;
            let folded = () => undefined;
            previousFold = new Promise((resolve) => (folded = resolve));
            let fold = Promise.resolve();
            const buffer = await this.buffers.take(partSize);
            try {
                await readAt(handle, path, buffer, length, offset);
                const body = buffer.subarray(0, length);
                if (whole)
                    fold = turn.then(() => whole.update(buffer, length));
                void fold.finally(folded).catch(() => undefined);
                // One seal per part serves as the checksum S3 verifies and what the signer signs. A part
                // that changed since it was sealed fails S3's check instead of being stored.
                const checksum = this.applySeal(body, known?.parts?.[i] ?? this.seal(body));
                const out = await this.clients.s3.send(new dist_cjs/* UploadPartCommand */.iVK({
                    Bucket: this.target.bucket,
                    Key: key,
                    UploadId: uploadId,
                    PartNumber: i + 1,
                    Body: body,
                    ContentLength: length,
                    ...checksum,
                }), { abortSignal: local.signal });
                await fold;
                this.events.onBytes?.(length);
                parts[i] = { ETag: out.ETag, PartNumber: i + 1, ...checksum };
                const outcome = retried(out) ? 'throttled' : 'ok';
                if (outcome !== 'ok')
                    anyRetried = true;
                return { units: length, outcome };
            }
            finally {
                folded();
                await fold.catch(() => undefined);
                this.buffers.give(buffer);
            }
        }, { signal: local.signal, onFailure: () => local.abort() });
        return { parts, sha256: known?.sha256 ?? (await whole.digest()), retried: anyRetried };
    }
}

;// CONCATENATED MODULE: ./src/operations/upload-artifact/upload.ts










/**
 * What one request costs beyond its bytes, as bytes: the limit weighs a file by its size plus this,
 * so many small files and one large one are measured on one scale.
 */
const REQUEST_COST_BYTES = 64 * 1024;
/** Failures that would repeat for every file: stop starting new ones. */
function dooms(err) {
    return (err.kind === 'accessDenied' ||
        err.kind === 'credentials' ||
        err.kind === 'network' ||
        err.errorCode === 'NoSuchBucket');
}
/** The file's path from the checkout, for an annotation; undefined outside it. */
function repoPath(workspace, path) {
    if (!workspace)
        return undefined;
    const rel = (0,external_node_path_.relative)(workspace, path);
    return rel && !rel.startsWith('..') && !(0,external_node_path_.isAbsolute)(rel) ? rel.split(external_node_path_.sep).join('/') : undefined;
}
function uploaderFor(settings, deps, progress) {
    const { logger } = deps;
    return new S3Uploader({ s3: deps.s3, bulk: deps.bulk }, { bucket: settings.bucket, checksums: deps.checksums, ifNoneMatch: settings.overwrite === 'false' }, {
        partSizeBytes: settings.partSizeBytes,
        partConcurrency: settings.partConcurrency,
        memoryBudgetBytes: settings.memoryBudgetBytes,
    }, {
        signal: deps.signal,
        onBytes: (n) => progress.addBytes(n),
        onAbortFailed: (key, uploadId, err) => logger.warning('upload.abort-failed', `Could not abort the multipart upload of ${key}; its parts stay until a lifecycle rule removes them`, { key, uploadId, errorCode: (0,classify/* wrapAwsError */.AH)(err, 'AbortMultipartUpload').errorCode }),
        onCompleteConfirmed: (key, errorCode) => logger.info('upload.complete-confirmed', `CompleteMultipartUpload of ${key} got no definite answer (${errorCode}); HeadObject found the object complete (size and sha256 or multipart ETag match), so it counts as uploaded`, { key, errorCode }),
    });
}
/** A file's failure as the outcome records it, and the error it was classified as. */
function upload_failureOf(planned, err, settings, denied) {
    const { file, key } = planned;
    const wrapped = err instanceof errors/* TaskError */.Ik
        ? err
        : (0,classify/* wrapAwsError */.AH)(err, `Uploading ${file.relative} to s3://${settings.bucket}/${key}`, (0,classify/* isAccessDenied */.w7)(err) ? denied : undefined);
    const code = err.code;
    const message = code && !wrapped.errorCode.startsWith('Http') && (0,classify/* kindOf */.I)(err) === 'unexpected'
        ? `${code}: ${err.message}`
        : wrapped.message;
    const errorCode = wrapped.kind === 'unexpected' && code ? code : wrapped.errorCode;
    const mayExist = err instanceof UploadMayExistError ? { mayExist: true } : {};
    return { failed: { planned, errorCode, message, ...mayExist }, wrapped };
}
/**
 * Uploads the planned files, as many at a time as raise throughput (up to `concurrency`). One file
 * failing does not stop the others (unless the failure would repeat for every file); cancellation
 * stops starting new files and aborts the multipart uploads in flight. Long because the per-file
 * task (upload, record, classify a failure) is a closure over the run's shared outcome and limit.
 */
async function uploadFiles(files, settings, deps) {
    const { logger, signal } = deps;
    const denied = (0,classify/* grantHint */._s)(Object.keys(settings.tags).length ? ['s3:PutObject', 's3:PutObjectTagging'] : ['s3:PutObject'], `arn:${(0,bucket_name/* partitionOf */.i)(deps.region)}:s3:::${settings.bucket}/${settings.keyPrefix}*`);
    const outcome = { uploaded: [], failed: [], notAttempted: 0, bytes: 0, seconds: 0 };
    const progress = new Progress(logger, files.length, files.reduce((n, f) => n + f.file.size, 0));
    const uploader = uploaderFor(settings, deps, progress);
    const uploadOne = async (planned) => {
        const { file, key } = planned;
        try {
            const result = await uploader.upload({
                path: file.path,
                size: file.size,
                key,
                headers: headersFor(planned, undefined, settings),
                // `if-changed` compares the stored `sha256` next time, so it must be stored now.
                recordSha256: settings.overwrite === 'if-changed',
                sha256: planned.sha256,
            });
            outcome.uploaded.push({ planned, sha256: result.sha256, etag: result.etag, parts: result.parts });
            progress.fileDone();
            logger.debug('upload.file', `upload: ${file.relative} to s3://${settings.bucket}/${key}`, {
                key,
                size: file.size,
                parts: result.parts,
            });
            return { units: file.size + REQUEST_COST_BYTES, outcome: result.retried ? 'throttled' : 'ok' };
        }
        catch (err) {
            if (signal.aborted || (0,classify/* kindOf */.I)(err) === 'cancelled') {
                outcome.stopped = new errors/* CancelledError */.cc();
                return { units: 0, outcome: 'ok' };
            }
            const { failed, wrapped } = upload_failureOf(planned, err, settings, denied);
            outcome.failed.push(failed);
            // A missing bucket fails every file alike: one annotation per error code, the rest in the log.
            const first = !outcome.failed.slice(0, -1).some((f) => f.errorCode === failed.errorCode);
            const fields = { key, errorCode: wrapped.errorCode };
            if (first)
                logger.warning('upload.failed', `Failed: ${file.relative}: ${failed.message}`, fields, {
                    title: `Upload failed (${wrapped.errorCode})`,
                    file: repoPath(deps.workspace, file.path),
                });
            else
                logger.info('upload.failed', `Failed: ${file.relative}: ${failed.message}`, fields);
            if (dooms(wrapped))
                outcome.stopped = wrapped;
            return { units: 0, outcome: 'error' };
        }
    };
    // Files in flight: as many as raise throughput, up to `concurrency` (see AdaptiveLimit).
    const limit = new AdaptiveLimit({ initial: INITIAL_FILES, max: settings.concurrency });
    try {
        await forEachAdaptive(files, limit, uploadOne, {
            stop: () => {
                if (signal.aborted)
                    outcome.stopped ??= new errors/* CancelledError */.cc();
                return outcome.stopped !== undefined;
            },
        });
    }
    finally {
        progress.stop();
        await uploader.close();
    }
    logger.debug('upload.concurrency', `Files in flight at the end: ${limit.limit}`, { files: limit.limit });
    outcome.uploaded.sort((a, b) => a.planned.key < b.planned.key ? -1 : a.planned.key > b.planned.key ? 1 : 0);
    outcome.notAttempted = files.length - outcome.uploaded.length - outcome.failed.length;
    outcome.bytes = outcome.uploaded.reduce((n, u) => n + u.planned.file.size, 0);
    outcome.seconds = progress.elapsedSeconds;
    return outcome;
}

;// CONCATENATED MODULE: ./src/operations/upload-artifact/index.ts









/** Dry-run listings print at most this many `(dryrun) upload:` lines; the summary and manifest hold the rest. */
const MAX_LISTED = 1000;
function noFiles(settings, ctx) {
    const message = `No files were found for \`path\` (${[...settings.include, ...settings.exclude.map((e) => `!${e}`)].join(', ')}).`;
    if (settings.ifNoFilesFound === 'error')
        throw new errors/* TaskError */.Ik('input', message, {
            errorCode: 'NoFilesFound',
            hint: 'Check `path` (relative to the working directory) and `include-hidden-files`, or set `if-no-files-found: warn`.',
        });
    if (settings.ifNoFilesFound === 'warn')
        ctx.logger.warning('upload.no-files', `${message} Nothing to upload.`, {}, { title: 'No files to upload' });
    else
        ctx.logger.info('upload.no-files', `${message} Nothing to upload.`, {});
}
const uploadArtifact = {
    name: 'upload-artifact',
    parse: (reader, common, env) => parseUploadArtifact(reader, common, env),
    async plan(ctx, settings) {
        const s3 = ctx.clients.s3();
        const listing = settings.mirror ? await listMirror(settings, s3, ctx.signal) : undefined;
        const data = await planUpload(settings, s3, ctx.logger, ctx.signal, listing?.keys);
        // A `path` that matched nothing would make a mirror delete the whole prefix: only when asked for
        // (`if-no-files-found: ignore`, as the preview clean-up does) is an empty upload set a mirror.
        if (data.files.length === 0 && settings.mirror && settings.ifNoFilesFound === 'warn')
            throw new errors/* TaskError */.Ik('input', `No files were found for \`path\`, and \`delete-removed\` would delete everything under s3://${settings.bucket}/${settings.keyPrefix}; nothing was uploaded or deleted.`, {
                errorCode: 'NoFilesFound',
                hint: 'Check `path`; to empty the prefix on purpose, set `if-no-files-found: ignore`.',
            });
        const mirror = settings.mirror && listing
            ? planMirror({ ...settings, mirror: settings.mirror }, listing, new Set(data.files.map((f) => f.key)))
            : undefined;
        if (data.files.length === 0)
            noFiles(settings, ctx);
        if (data.hiddenSkipped)
            ctx.logger.info('upload.hidden-skipped', `Left out ${data.hiddenSkipped} hidden file${data.hiddenSkipped === 1 ? '' : 's'} (set include-hidden-files: true to upload them)`, {
                count: data.hiddenSkipped,
            });
        if (ctx.common.dryRun && data.files.length) {
            ctx.logger.startGroup(`Files a run would upload (${data.files.length})`);
            for (const f of data.files.slice(0, MAX_LISTED))
                ctx.logger.info(f.action === 'upload' ? 'upload.planned' : 'upload.skip-planned', f.action === 'upload'
                    ? `(dryrun) upload: ${f.file.relative} to s3://${settings.bucket}/${f.key}`
                    : `(dryrun) skip: ${f.file.relative} (${f.reason})`, {
                    key: f.key,
                    size: f.file.size,
                    contentType: f.contentType,
                    cacheControl: f.cacheControl,
                    reason: f.reason,
                });
            if (data.files.length > MAX_LISTED)
                ctx.logger.info('upload.planned-more', `(dryrun) … and ${data.files.length - MAX_LISTED} more files (see the job summary)`, {});
            ctx.logger.endGroup();
        }
        if (mirror && (ctx.common.dryRun || mirror.refusal))
            for (const e of mirror.removed.slice(0, MAX_LISTED))
                ctx.logger.info('mirror.delete-planned', `(dryrun) delete: s3://${settings.bucket}/${e.key}`, {
                    key: e.key,
                    size: e.size,
                });
        return {
            ...data,
            mirror,
            // Over max-deletes nothing is written: the report shows the refused plan.
            refusal: data.refusal ?? mirror?.refusal,
            requestCount: data.requestCount + (mirror?.listCalls ?? 0),
            changes: [
                ...data.files.map((f) => ({ action: f.action, target: f.key, reason: f.reason })),
                ...(mirror?.removed ?? []).map((e) => ({
                    action: 'delete',
                    target: e.key,
                    reason: 'not in the upload set',
                })),
            ],
        };
    },
    async apply(ctx, settings, plan) {
        const result = {
            outcome: { uploaded: [], failed: [], notAttempted: 0, bytes: 0, seconds: 0 },
            urls: {},
        };
        try {
            await uploadInto(result, ctx, settings, plan);
        }
        catch (err) {
            result.failure = (0,classify/* asTaskError */.eJ)(err, ctx.signal);
        }
        return result;
    },
    report(ctx, settings, plan, result) {
        return uploadReport(ctx, settings, plan, result);
    },
};
/** Key order (code points, as S3 lists), so the manifests of equal uploads are equal. */
const byKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
/**
 * Everything the prefix now holds from this upload: what was uploaded and what was already there
 * unchanged (`if-changed`), in key order so manifests of equal uploads are equal.
 */
function manifestOf(settings, plan, outcome, urls, mirror) {
    return {
        bucket: settings.bucket,
        keyPrefix: settings.keyPrefix,
        createdAt: new Date().toISOString(),
        files: [
            ...outcome.uploaded.map((u) => ({
                key: u.planned.key,
                size: u.planned.file.size,
                sha256: u.sha256,
                etag: u.etag,
                contentType: u.planned.contentType,
                s3Uri: `s3://${settings.bucket}/${u.planned.key}`,
                ...(urls[u.planned.key] ? { url: urls[u.planned.key] } : {}),
            })),
            ...plan.files
                .filter((f) => f.action === 'skip' && f.sha256 !== undefined)
                .map((f) => ({
                key: f.key,
                size: f.file.size,
                sha256: f.sha256,
                etag: f.storedEtag ?? '',
                contentType: f.contentType,
                s3Uri: `s3://${settings.bucket}/${f.key}`,
                unchanged: true,
            })),
        ].sort(byKey),
        ...(plan.mirror
            ? {
                deleted: [
                    ...(mirror?.deleted ?? []).map((e) => ({ key: e.key, size: e.size })),
                    ...(mirror?.unconfirmed ?? []).map((e) => ({ key: e.key, size: e.size, unconfirmed: true })),
                ].sort(byKey),
            }
            : {}),
    };
}
/** Uploads the planned files, then links and manifests what went up; fills `result` as it goes. */
async function uploadInto(result, ctx, settings, plan) {
    const s3 = ctx.clients.s3();
    const toUpload = plan.files.filter((f) => f.action === 'upload');
    const outcome = await uploadFiles(toUpload, settings, {
        s3,
        bulk: ctx.clients.s3Bulk(),
        logger: ctx.logger,
        signal: ctx.signal,
        checksums: ctx.common.endpointUrl === undefined,
        region: ctx.common.region,
        workspace: ctx.host.env.GITHUB_WORKSPACE,
    });
    result.outcome = outcome;
    if (plan.mirror && plan.mirror.removed.length) {
        // A failed deploy must never leave a site with missing files: removals wait for every upload.
        const skipped = outcome.failed.length || outcome.stopped
            ? 'not every file was uploaded'
            : ctx.signal.aborted
                ? 'the step was cancelled'
                : undefined;
        result.mirror = skipped
            ? { deleted: [], unconfirmed: [], skipped }
            : await deleteRemoved(settings, plan.mirror, { s3, logger: ctx.logger, signal: ctx.signal });
    }
    result.failure = uploadFailure(settings, plan, result);
    let urls = {};
    const keys = outcome.uploaded.map((u) => u.planned.key);
    if (settings.presignExpires && keys.length) {
        urls = Object.fromEntries(await presignAll(s3, settings.bucket, keys, settings.presignExpires, ctx.logger));
        // Never printed (the CLI prints outputs: `***` there, the manifest has them), not masked either.
        for (const url of Object.values(urls))
            for (const part of presignedSecrets(url))
                ctx.registerSecret(part, { mask: false });
    }
    else if (settings.publicBaseUrl)
        urls = Object.fromEntries(keys.map((k) => [k, publicUrl(settings.publicBaseUrl, k)]));
    const manifest = manifestOf(settings, plan, outcome, urls, result.mirror);
    result.urls = urls;
    if (settings.manifest || settings.uploadManifest)
        result.manifestPath = writeManifestFile(ctx.host.tempDir, manifest);
    // Nothing uploaded means the stored manifest already says the same: a no-op re-run writes nothing.
    if (settings.uploadManifest &&
        !outcome.stopped &&
        outcome.failed.length === 0 &&
        (outcome.uploaded.length > 0 || (result.mirror?.deleted.length ?? 0) > 0))
        result.manifestKey = await storeManifest(s3, manifest, Boolean(settings.presignExpires), ctx.signal);
    ctx.logger.info('upload.done', `Uploaded ${outcome.uploaded.length} file${outcome.uploaded.length === 1 ? '' : 's'} (${(0,format/* formatBytes */.z3)(outcome.bytes)}) in ${outcome.seconds.toFixed(1)} s`, {
        uploaded: outcome.uploaded.length,
        failed: outcome.failed.length,
        skipped: plan.files.length - toUpload.length,
        bytes: outcome.bytes,
        seconds: Number(outcome.seconds.toFixed(3)),
    });
}


/***/ })

};
