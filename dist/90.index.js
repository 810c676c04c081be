export const id = 90;
export const ids = [90];
export const modules = {

/***/ 5623:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ bucketNameProblem),
/* harmony export */   i: () => (/* binding */ partitionOf)
/* harmony export */ });
/**
 * S3 general-purpose bucket naming rules, checked before any request: 3–63 characters of lowercase
 * letters, digits, dots and hyphens; a letter or digit at both ends; no `..`; not an IP address; none
 * of the prefixes and suffixes AWS reserves.
 */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];
/** Why a name is not a valid bucket name, or undefined when it is. */
function bucketNameProblem(name) {
    if (name.length < 3 || name.length > 63)
        return `is ${name.length} characters long (3–63 allowed)`;
    if (!/^[a-z0-9.-]+$/.test(name))
        return 'may only contain lowercase letters, digits, dots and hyphens';
    if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name))
        return 'must start and end with a letter or digit';
    if (name.includes('..'))
        return 'must not contain two adjacent dots';
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name))
        return 'must not be formatted as an IP address';
    const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
    if (prefix)
        return `must not start with the reserved prefix \`${prefix}\``;
    const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
    if (suffix)
        return `must not end with the reserved suffix \`${suffix}\``;
    return undefined;
}
/** The partition of a region, for ARNs. */
function partitionOf(region) {
    if (region.startsWith('cn-'))
        return 'aws-cn';
    if (region.startsWith('us-gov-'))
        return 'aws-us-gov';
    if (region.startsWith('us-isob-'))
        return 'aws-iso-b';
    if (region.startsWith('us-iso-'))
        return 'aws-iso';
    if (region.startsWith('eusc-'))
        return 'aws-eusc';
    return 'aws';
}


/***/ }),

/***/ 460:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ certainlyNotApplied)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3711);
/* harmony import */ var _classify_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8199);


/** A connection that never opened: the request was not sent. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * Whether S3 certainly did not carry out a write that failed (a DeleteObjects, a
 * CompleteMultipartUpload). Only two things say so: S3's own refusal (a 4xx whose body parsed as an
 * S3 error) to the only attempt, or a failure before the request left (no connection, no
 * credentials). Everything else happened after the request was sent, and S3 may have carried it out:
 * a reset, a timeout (the SDK names a connect timeout and a read timeout alike, so both count), a 5xx,
 * a 4xx body that is not S3's, a 2xx whose body cannot be read, and any call that took more than one
 * attempt (an earlier one may have been carried out, its answer lost).
 */
function certainlyNotApplied(err) {
    if ((err.$metadata?.attempts ?? 1) > 1)
        return false;
    const status = (0,_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .httpStatus */ .nG)(err);
    // S3's error body names its `Code`; a 4xx without one (no body, or one not S3's) may be a middlebox's.
    if (status !== undefined)
        return (err instanceof _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_1__/* .S3ServiceException */ .Hcp &&
            err.$fault === 'client' &&
            status >= 400 &&
            status < 500 &&
            typeof err.Code === 'string');
    if ((0,_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .kindOf */ .I)(err) === 'credentials')
        return true;
    const code = (0,_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .networkCode */ .e8)(err);
    return code !== undefined && NEVER_SENT.has(code);
}


/***/ }),

/***/ 829:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FF: () => (/* binding */ parseKeyValueLines),
/* harmony export */   W5: () => (/* binding */ parseBucket),
/* harmony export */   rL: () => (/* binding */ parseTags)
/* harmony export */ });
/* harmony import */ var _aws_bucket_name_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5623);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _reader_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9066);



/** Inputs read here are validated the same way by every operation that takes them. */
function parseBucket(reader, operation) {
    const bucket = reader.required('bucket', operation);
    const problem = (0,_aws_bucket_name_js__WEBPACK_IMPORTED_MODULE_2__/* .bucketNameProblem */ .B)(bucket);
    if (problem)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('bucket', `${(0,_reader_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .h)(bucket)} ${problem}`, 'a valid S3 bucket name');
    return bucket;
}
/** `key=value` lines into a record: every line needs a key, and no key may come twice. */
function parseKeyValueLines(reader, name, validKey, expected) {
    const out = {};
    for (const line of reader.lines(name)) {
        const eq = line.indexOf('=');
        if (eq <= 0)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `${(0,_reader_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .h)(line)} is not a \`key=value\` line`);
        const key = line.slice(0, eq).trim();
        const value = line.slice(eq + 1).trim();
        if (key in out)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `the key ${(0,_reader_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .h)(key)} is given twice`);
        if (!validKey(key))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, `the key ${(0,_reader_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .h)(key)} is not allowed`, expected);
        out[key] = value;
    }
    return out;
}
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** S3 tags (bucket or object): keys up to 128 and values up to 256 tag characters, no `aws:` keys. */
function parseTags(reader, limit) {
    const tags = parseKeyValueLines(reader, 'tags', (key) => key.length <= 128 && TAG_CHARS.test(key), 'up to 128 letters, digits, spaces and `_.:/=+-@`');
    for (const [key, value] of Object.entries(tags)) {
        if (key.toLowerCase().startsWith('aws:'))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('tags', `the key ${(0,_reader_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .h)(key)} uses the reserved prefix \`aws:\``);
        if (value.length > 256 || !TAG_CHARS.test(value))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('tags', `the value of ${(0,_reader_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .h)(key)} is not a valid tag value`, 'up to 256 letters, digits, spaces and `_.:/=+-@`');
    }
    const count = Object.keys(tags).length;
    if (count > limit)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('tags', `lists ${count} tags`, `at most ${limit}`);
    return tags;
}


/***/ }),

/***/ 4846:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BU: () => (/* binding */ BATCH_SIZE),
/* harmony export */   UZ: () => (/* binding */ KEY_LINES),
/* harmony export */   t8: () => (/* binding */ abortUploads),
/* harmony export */   yt: () => (/* binding */ BatchDeleter)
/* harmony export */ });
/* unused harmony export DELETE_CONCURRENCY */
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3711);
/* harmony import */ var _aws_classify_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8199);
/* harmony import */ var _aws_not_applied_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(460);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _util_concurrency_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3731);
/* harmony import */ var _entries_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6965);






/** DeleteObjects takes at most 1000 keys. */
const BATCH_SIZE = 1000;
/**
 * DeleteObjects calls in flight. Each counts as 1000 DELETEs against S3's 3,500 per second per
 * prefix, so a few are enough to saturate it; adaptive retries absorb `SlowDown`.
 */
const DELETE_CONCURRENCY = 4;
/**
 * Per-key lines (`delete: s3://…`, as the aws CLI prints them) for the first this many keys, then one
 * count: a prune of a million keys must not write a million lines. The manifest has every key.
 */
const KEY_LINES = 1000;
/**
 * Sends DeleteObjects batches with a bounded number in flight. `submit` waits for a free slot, so a
 * listing that feeds it pauses instead of piling up batches in memory. Every key of a batch is checked
 * against the prefix before the batch is sent. Per-key errors in a reply are recorded and the other
 * batches carry on; a call that fails as a whole (e.g. AccessDenied) stops new batches.
 *
 * In-flight calls are not aborted on cancellation: they finish (each is bounded by the read timeout),
 * so what was deleted is known exactly; only new batches stop.
 */
class BatchDeleter {
    deps;
    pool;
    outcome = {
        deleted: new _entries_js__WEBPACK_IMPORTED_MODULE_4__/* .Tally */ .F0(),
        first: [],
        failures: [],
        calls: 0,
        cancelled: false,
        unconfirmed: new _entries_js__WEBPACK_IMPORTED_MODULE_4__/* .Tally */ .F0(),
    };
    lines = 0;
    constructor(deps) {
        this.deps = deps;
        this.pool = new _util_concurrency_js__WEBPACK_IMPORTED_MODULE_3__/* .Pool */ .bC(deps.concurrency ?? DELETE_CONCURRENCY);
    }
    /** True while batches are still being accepted. */
    get open() {
        return !this.outcome.fatal && !this.outcome.cancelled;
    }
    /** Queues one batch (≤ 1000 entries); resolves once it has been sent, or false when no longer accepting. */
    async submit(batch) {
        if (batch.length === 0)
            return this.open;
        if (batch.length > BATCH_SIZE)
            throw new RangeError(`a batch of ${batch.length} entries`);
        const wanted = () => {
            if (this.deps.signal.aborted)
                this.outcome.cancelled = true;
            if (!this.open)
                return false;
            (0,_entries_js__WEBPACK_IMPORTED_MODULE_4__/* .assertUnderPrefix */ .tr)(batch, this.deps.prefix, 'DeleteObjects');
            return true;
        };
        try {
            return await this.pool.start(() => this.send(batch), wanted);
        }
        catch (err) {
            await this.finish();
            throw err;
        }
    }
    /** Waits for every call in flight. */
    async finish() {
        await this.pool.drain();
        if (this.deps.signal.aborted)
            this.outcome.cancelled = true;
        this.deps.logger.endGroup();
        const hidden = this.outcome.deleted.count - this.lines;
        if (hidden > 0 && this.lines >= KEY_LINES)
            this.deps.logger.info('objects.deleted-more', `… and ${hidden} more deleted; every key is in ${this.deps.manifest.path}`, { more: hidden, manifest: this.deps.manifest.path });
        return this.outcome;
    }
    async send(batch) {
        const { s3, bucket, logger } = this.deps;
        this.outcome.calls++;
        let errors;
        try {
            const reply = await s3.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__/* .DeleteObjectsCommand */ .xvx({
                Bucket: bucket,
                Delete: {
                    Quiet: true,
                    Objects: batch.map((e) => e.versionId === undefined ? { Key: e.key } : { Key: e.key, VersionId: e.versionId }),
                },
            }));
            errors = reply.Errors ?? [];
        }
        catch (err) {
            this.outcome.fatal ??= callError(err, `DeleteObjects on s3://${bucket}`, (0,_aws_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .kindOf */ .I)(err) === 'accessDenied'
                ? `Grant \`s3:DeleteObject\`${batch[0]?.versionId !== undefined ? ' and `s3:DeleteObjectVersion`' : ''} on the keys under s3://${bucket}/${this.deps.prefix} to the role this step runs as.`
                : undefined);
            if (!(0,_aws_not_applied_js__WEBPACK_IMPORTED_MODULE_1__/* .certainlyNotApplied */ .g)(err)) {
                for (const entry of batch)
                    this.outcome.unconfirmed.add(entry);
                this.deps.manifest.add(batch, { unconfirmed: true });
                const keys = batch.length > 1 ? `${batch[0].key} … ${batch.at(-1).key}` : batch[0].key;
                logger.warning('objects.unconfirmed', `DeleteObjects got no definite answer (${(0,_aws_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorCode */ .J6)(err)}) for ${batch.length} key${batch.length === 1 ? '' : 's'} (${keys}): S3 may have deleted them; they are in ${this.deps.manifest.path} with "unconfirmed": true`, { count: batch.length, errorCode: (0,_aws_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorCode */ .J6)(err), manifest: this.deps.manifest.path });
            }
            return;
        }
        const failed = new Map();
        for (const e of errors)
            failed.set(`${e.Key ?? ''}\u0000${e.VersionId ?? ''}`, {
                code: e.Code ?? 'Unknown',
                message: e.Message ?? '',
            });
        const done = [];
        for (const entry of batch) {
            // A reply may name the version of a failed key or not: match both ways.
            const failure = failed.get(`${entry.key}\u0000${entry.versionId ?? ''}`) ??
                (entry.versionId !== undefined ? failed.get(`${entry.key}\u0000`) : undefined);
            if (failure) {
                this.outcome.failures.push({ entry, ...failure });
                logger.info('object.delete-failed', `delete failed: ${(0,_entries_js__WEBPACK_IMPORTED_MODULE_4__/* .describeEntry */ .OY)(bucket, entry)} ${failure.code}: ${failure.message}`, { key: entry.key, versionId: entry.versionId, code: failure.code });
                continue;
            }
            done.push(entry);
            this.outcome.deleted.add(entry);
            if (this.outcome.first.length < this.deps.keepFirst)
                this.outcome.first.push(entry);
            if (this.lines < KEY_LINES) {
                this.lines++;
                logger.startGroup('Deleted keys');
                logger.info('object.deleted', `delete: ${(0,_entries_js__WEBPACK_IMPORTED_MODULE_4__/* .describeEntry */ .OY)(bucket, entry)}`, {
                    key: entry.key,
                    versionId: entry.versionId,
                    size: entry.size,
                });
            }
        }
        this.deps.manifest.add(done);
    }
}
/**
 * The error of a whole call. A 2xx the SDK could not read is not a refusal: the store accepted the
 * request, and its answer (what it deleted) is what was lost, so the message says that rather than
 * the parser's words.
 */
function callError(err, step, hint) {
    const status = (0,_aws_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .httpStatus */ .nG)(err);
    if (status === undefined || status < 200 || status > 299 || err instanceof _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__/* .S3ServiceException */ .Hcp)
        return (0,_aws_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapAwsError */ .AH)(err, step, hint);
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .TaskError */ .Ik((0,_aws_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .kindOf */ .I)(err), `${step}: the store answered HTTP ${status}, but the answer could not be read, so what it deleted is not known.`, {
        errorCode: (0,_aws_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorCode */ .J6)(err),
        cause: err,
        hint: 'Run the prune again: it lists what is left and deletes it; keys already gone are not listed again.',
    });
}
/** Aborts stale multipart uploads; one that is already gone counts as done. */
async function abortUploads(uploads, deps) {
    const { s3, bucket, logger } = deps;
    (0,_entries_js__WEBPACK_IMPORTED_MODULE_4__/* .assertUnderPrefix */ .tr)(uploads, deps.prefix, 'AbortMultipartUpload');
    const outcome = { aborted: 0, failures: [] };
    await (0,_util_concurrency_js__WEBPACK_IMPORTED_MODULE_3__/* .mapLimit */ .sf)(uploads, DELETE_CONCURRENCY, async (u) => {
        try {
            await s3.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_5__/* .AbortMultipartUploadCommand */ .tfP({ Bucket: bucket, Key: u.key, UploadId: u.uploadId }));
        }
        catch (err) {
            const code = (0,_aws_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorCode */ .J6)(err);
            if (code !== 'NoSuchUpload') {
                outcome.failures.push({ upload: u, code });
                logger.info('upload.abort-failed', `abort failed: ${(0,_entries_js__WEBPACK_IMPORTED_MODULE_4__/* .s3Uri */ .tT)(bucket, u.key)} (upload ${u.uploadId}) ${code}`, {
                    key: u.key,
                    uploadId: u.uploadId,
                    code,
                });
                return;
            }
        }
        outcome.aborted++;
        logger.info('upload.aborted', `abort: ${(0,_entries_js__WEBPACK_IMPORTED_MODULE_4__/* .s3Uri */ .tT)(bucket, u.key)} (upload ${u.uploadId})`, {
            key: u.key,
            uploadId: u.uploadId,
        });
    }, { signal: deps.signal });
    return outcome;
}


/***/ }),

/***/ 6965:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AB: () => (/* binding */ relativeKey),
/* harmony export */   C2: () => (/* binding */ outsideFolder),
/* harmony export */   F0: () => (/* binding */ Tally),
/* harmony export */   KD: () => (/* binding */ FIRST_KEYS),
/* harmony export */   OY: () => (/* binding */ describeEntry),
/* harmony export */   X: () => (/* binding */ earlier),
/* harmony export */   tT: () => (/* binding */ s3Uri),
/* harmony export */   tr: () => (/* binding */ assertUnderPrefix),
/* harmony export */   yS: () => (/* binding */ folderOf),
/* harmony export */   y_: () => (/* binding */ countNoun)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _report_format_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2011);


/** Keys (and units) listed in the summary; the manifest has all of them. */
const FIRST_KEYS = 50;
/** `1,234 objects`, or `versions` when every version counts. */
function countNoun(n, versions) {
    return (0,_report_format_js__WEBPACK_IMPORTED_MODULE_1__/* .count */ .U9)(n, versions === 'all' ? 'version' : 'object');
}
/**
 * The key relative to the prefix, as include/exclude see it. A prefix without a trailing `/`
 * (`build`) leaves `/v1/a` for `build/v1/a`: the leading `/` is dropped, so `v1/**` matches either way.
 */
function relativeKey(key, prefix) {
    const rel = key.slice(prefix.length);
    return prefix && !prefix.endsWith('/') && rel.startsWith('/') ? rel.slice(1) : rel;
}
/** The first-level folder under the prefix (`builds/v1/`), or undefined for a key directly under it. */
function folderOf(key, prefix) {
    const rel = relativeKey(key, prefix);
    const slash = rel.indexOf('/');
    return slash < 0 ? undefined : key.slice(0, key.length - rel.length + slash + 1);
}
/** True for `build-old/x` under the prefix `build`: a key the prefix matches outside the folder `build/`. */
function outsideFolder(key, prefix) {
    if (!prefix || prefix.endsWith('/'))
        return false;
    const rest = key.slice(prefix.length);
    return rest !== '' && !rest.startsWith('/');
}
/**
 * Every key that reaches a delete must start with the prefix. One that does not means the listing or
 * our selection is wrong: a bug, reported as such (exit 99), and nothing in that batch is deleted.
 */
function assertUnderPrefix(keys, prefix, where) {
    for (const { key } of keys)
        if (!key.startsWith(prefix))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TaskError */ .Ik('unexpected', `${where}: the key ${JSON.stringify(key)} does not start with the prefix ${JSON.stringify(prefix)}; nothing outside the prefix is ever deleted, so this step stopped before deleting it.`, {
                errorCode: 'KeyOutsidePrefix',
                hint: 'This is a bug in aws-task-pack or in the S3 store’s listing: please report it with the debug log (`RUNNER_DEBUG=1`).',
            });
}
/** `s3://bucket/key` as the aws CLI prints it, with control characters escaped so a key cannot forge log lines. */
function s3Uri(bucket, key) {
    const hex = (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    // eslint-disable-next-line no-control-regex
    const shown = key.replace(/[\u0000-\u001f\u007f]/g, hex);
    return `s3://${bucket}/${shown}`;
}
/** `s3://bucket/key`, plus the version for `versions: all`. */
function describeEntry(bucket, e) {
    const uri = s3Uri(bucket, e.key);
    if (e.versionId === undefined)
        return uri;
    return `${uri} (${e.deleteMarker ? 'delete marker' : 'version'} ${e.versionId})`;
}
/**
 * Whether `a` comes before `b` in time; S3 times have whole seconds, so ties go by key, and the
 * oldest and newest of a set are the same whatever order it was listed in.
 */
function earlier(a, b) {
    return a.time < b.time || (a.time === b.time && a.key < b.key);
}
/** Count, bytes, and the oldest and newest entry of a set, without keeping the set. */
class Tally {
    count = 0;
    bytes = 0;
    oldest;
    newest;
    add(e) {
        this.count++;
        this.bytes += e.size;
        if (!this.oldest || earlier(e, this.oldest))
            this.oldest = e;
        if (!this.newest || earlier(this.newest, e))
            this.newest = e;
    }
    merge(other) {
        this.count += other.count;
        this.bytes += other.bytes;
        if (other.oldest && (!this.oldest || earlier(other.oldest, this.oldest)))
            this.oldest = other.oldest;
        if (other.newest && (!this.newest || earlier(this.newest, other.newest)))
            this.newest = other.newest;
    }
}


/***/ }),

/***/ 2215:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   t: () => (/* binding */ globToRegExp),
/* harmony export */   x: () => (/* binding */ anyGlob)
/* harmony export */ });
// Globs over S3 keys relative to the prefix. `*` and `?` never cross a `/`; `**` does, and `**/`
// also matches no folder at all (so `**/*.zip` finds `a.zip` too); `[abc]` and `[!abc]` are classes;
// everything else is literal. Keys are not paths: `.`, `..` and repeated slashes mean nothing special.
function escapeRegExp(s) {
    return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
/** The pattern as an anchored RegExp; throws on an unclosed `[`. */
function globToRegExp(pattern) {
    let out = '';
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '*') {
            if (pattern[i + 1] === '*') {
                i++;
                if (pattern[i + 1] === '/') {
                    i++;
                    out += '(?:.*/)?';
                }
                else
                    out += '.*';
            }
            else
                out += '[^/]*';
        }
        else if (c === '?')
            out += '[^/]';
        else if (c === '[') {
            const end = pattern.indexOf(']', i + 2);
            if (end < 0)
                throw new Error(`unclosed \`[\` at position ${i + 1}`);
            let body = pattern.slice(i + 1, end);
            const negate = body.startsWith('!') || body.startsWith('^');
            if (negate)
                body = body.slice(1);
            out += `[${negate ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
            i = end;
        }
        else
            out += escapeRegExp(c);
    }
    return new RegExp(`^${out}$`, 's');
}
/** One matcher for a list: true when any pattern matches. */
function anyGlob(patterns) {
    const res = patterns.map(globToRegExp);
    return (key) => res.some((re) => re.test(key));
}


/***/ }),

/***/ 6309:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ listObjects),
/* harmony export */   yO: () => (/* binding */ listVersions),
/* harmony export */   zF: () => (/* binding */ listUploads)
/* harmony export */ });
/* unused harmony export PAGE_SIZE */
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3711);
/* harmony import */ var _aws_classify_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8199);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _entries_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6965);




/** S3's page size (and its maximum). */
const PAGE_SIZE = 1000;
function listError(err, operation, t) {
    return (0,_aws_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapAwsError */ .AH)(err, `${operation} s3://${t.bucket}/${t.prefix}`, (0,_aws_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .kindOf */ .I)(err) === 'accessDenied'
        ? `Grant \`s3:ListBucket\`${operation === 'ListObjectVersions' ? ' and `s3:ListBucketVersions`' : ''}${operation === 'ListMultipartUploads' ? ' and `s3:ListBucketMultipartUploads`' : ''} on the bucket ${t.bucket} to the role this step runs as.`
        : undefined);
}
/** A store that says "more" but gives no way to get it would make us loop forever. */
function stuck(operation) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TaskError */ .Ik('awsApi', `${operation} said the listing was truncated but gave no marker to continue from.`, {
        errorCode: 'BrokenPagination',
        hint: 'The S3 store does not paginate correctly; try a narrower `prefix`.',
    });
}
/**
 * Pages of a listing the SDK has no paginator for (ListObjectVersions and ListMultipartUploads
 * continue from two markers): every item is checked against the prefix before it is handed on, and a store
 * that says "truncated" without a marker stops the listing instead of looping.
 */
async function* pages(t, operation, fetch) {
    let markers = {};
    for (;;) {
        let page;
        try {
            page = await fetch(markers);
        }
        catch (err) {
            throw listError(err, operation, t);
        }
        (0,_entries_js__WEBPACK_IMPORTED_MODULE_2__/* .assertUnderPrefix */ .tr)(page.items, t.prefix, operation);
        yield page.items;
        if (!page.truncated)
            return;
        if (!page.next.first)
            throw stuck(operation);
        markers = page.next;
    }
}
/** Pages of the current objects under the prefix, through the SDK's paginator. */
async function* listObjects(t) {
    const raw = (0,_aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_3__/* .paginateListObjectsV2 */ .OqA)({ client: t.s3, pageSize: PAGE_SIZE }, { Bucket: t.bucket, Prefix: t.prefix || undefined }, { abortSignal: t.signal })[Symbol.asyncIterator]();
    for (;;) {
        let next;
        try {
            next = await raw.next();
        }
        catch (err) {
            throw listError(err, 'ListObjectsV2', t);
        }
        if (next.done)
            return;
        const page = next.value;
        const items = (page.Contents ?? []).map((o) => ({
            key: o.Key ?? '',
            size: o.Size ?? 0,
            time: o.LastModified?.getTime() ?? 0,
        }));
        (0,_entries_js__WEBPACK_IMPORTED_MODULE_2__/* .assertUnderPrefix */ .tr)(items, t.prefix, 'ListObjectsV2');
        yield items;
        // The paginator stops silently on a missing token: a truncated listing must not pass for a whole one.
        if (page.IsTruncated && !page.NextContinuationToken)
            throw stuck('ListObjectsV2');
    }
}
/** Pages of every version and delete marker under the prefix. */
function listVersions(t) {
    return pages(t, 'ListObjectVersions', async ({ first, second }) => {
        const page = await t.s3.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_3__/* .ListObjectVersionsCommand */ .uc$({
            Bucket: t.bucket,
            Prefix: t.prefix || undefined,
            MaxKeys: PAGE_SIZE,
            KeyMarker: first,
            VersionIdMarker: second,
        }), { abortSignal: t.signal });
        const items = [
            ...(page.Versions ?? []).map((v) => ({
                key: v.Key ?? '',
                versionId: v.VersionId ?? 'null',
                size: v.Size ?? 0,
                time: v.LastModified?.getTime() ?? 0,
            })),
            ...(page.DeleteMarkers ?? []).map((m) => ({
                key: m.Key ?? '',
                versionId: m.VersionId ?? 'null',
                size: 0,
                time: m.LastModified?.getTime() ?? 0,
                deleteMarker: true,
            })),
        ];
        return {
            items,
            truncated: page.IsTruncated === true,
            next: { first: page.NextKeyMarker, second: page.NextVersionIdMarker },
        };
    });
}
/** Pages of the incomplete multipart uploads under the prefix. */
function listUploads(t) {
    return pages(t, 'ListMultipartUploads', async ({ first, second }) => {
        const page = await t.s3.send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_3__/* .ListMultipartUploadsCommand */ .mo2({
            Bucket: t.bucket,
            Prefix: t.prefix || undefined,
            MaxUploads: PAGE_SIZE,
            KeyMarker: first,
            UploadIdMarker: second,
        }), { abortSignal: t.signal });
        return {
            items: (page.Uploads ?? []).map((u) => ({
                key: u.Key ?? '',
                uploadId: u.UploadId ?? '',
                initiated: u.Initiated?.getTime() ?? 0,
            })),
            truncated: page.IsTruncated === true,
            next: { first: page.NextKeyMarker, second: page.NextUploadIdMarker },
        };
    });
}


/***/ }),

/***/ 3303:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ prefixCell),
/* harmony export */   U: () => (/* binding */ objectCell)
/* harmony export */ });
const CONSOLE = 'https://s3.console.aws.amazon.com/s3';
function available(scope) {
    return !scope.endpointUrl && !/^(cn|us-gov|us-iso|eu-isoe)-/.test(scope.region);
}
/** `s3://bucket/prefix`, linked to the console's folder view where there is one. */
function prefixCell(scope, bucket, prefix = '') {
    const text = `s3://${bucket}/${prefix}`;
    if (!available(scope))
        return text;
    const query = new URLSearchParams({ region: scope.region, ...(prefix ? { prefix } : {}) });
    return { text, href: `${CONSOLE}/buckets/${encodeURIComponent(bucket)}?${query}` };
}
/** An object's key, linked to its console page where there is one. */
function objectCell(scope, bucket, key, text = key) {
    if (!available(scope))
        return text;
    const query = new URLSearchParams({ region: scope.region, prefix: key });
    return { text, href: `${CONSOLE}/object/${encodeURIComponent(bucket)}?${query}` };
}


/***/ }),

/***/ 3731:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bC: () => (/* binding */ Pool),
/* harmony export */   iv: () => (/* binding */ chunk),
/* harmony export */   sf: () => (/* binding */ mapLimit)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

/**
 * The one bounded-concurrency pool: at most `limit` tasks run at once. `start` waits for a free slot,
 * so a producer that feeds it (a listing, a loop over files) pauses instead of piling work up.
 * Tasks must handle their own errors: the pool only counts them.
 */
class Pool {
    limit;
    running = new Set();
    constructor(limit) {
        this.limit = limit;
    }
    /**
     * Waits for a free slot; then, if `wanted()` still says so, starts `task` and resolves true (without
     * waiting for it to finish). `wanted` may throw to refuse the task with an error.
     */
    async start(task, wanted = () => true) {
        while (this.running.size >= this.limit)
            await Promise.race(this.running);
        if (!wanted())
            return false;
        const run = task()
            .catch(() => undefined)
            .finally(() => this.running.delete(run));
        this.running.add(run);
        return true;
    }
    /** Waits for every task started so far. */
    async drain() {
        while (this.running.size)
            await Promise.all(this.running);
    }
}
/**
 * Maps with at most `limit` calls in flight; results keep the input order. On the first failure (or
 * the cancellation) it stops starting work, calls `onFailure`, waits for everything in flight to
 * settle, and only then rethrows the first error, so a caller's clean-up never races requests still
 * running.
 */
async function mapLimit(items, limit, fn, options = {}) {
    const results = new Array(items.length);
    const pool = new Pool(limit);
    let failure;
    const fail = (err) => {
        if (failure)
            return;
        failure = { err };
        options.onFailure?.(err);
    };
    const wanted = () => {
        if (options.signal?.aborted)
            failure ??= { err: new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CancelledError */ .cc() };
        return !failure;
    };
    for (let index = 0; index < items.length && !failure; index++) {
        const i = index;
        const task = async () => {
            try {
                results[i] = await fn(items[i], i);
            }
            catch (err) {
                fail(err);
            }
        };
        if (!(await pool.start(task, wanted)))
            break;
    }
    await pool.drain();
    if (failure)
        throw failure.err;
    return results;
}
function chunk(items, size) {
    const out = [];
    for (let i = 0; i < items.length; i += size)
        out.push(items.slice(i, i + size));
    return out;
}


/***/ })

};
