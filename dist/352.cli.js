export const id = 352;
export const ids = [352];
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

/***/ 6552:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ KMS_KEY_ID)
/* harmony export */ });
/** A KMS key reference: key id, multi-Region key id, `alias/name`, or a key or alias ARN of any partition. */
const KMS_KEY_ID = /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/+=,.@-]+|alias\/[\w/+=,.@-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;


/***/ }),

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

/***/ 4352:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  changedText: () => (/* binding */ changedText),
  ensureBucket: () => (/* binding */ ensureBucket)
});

// EXTERNAL MODULE: ./src/report/links.ts
var links = __webpack_require__(3303);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./src/aws/classify.ts
var classify = __webpack_require__(8199);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/aws/lifecycle-rule.ts
var lifecycle_rule = __webpack_require__(7784);
// EXTERNAL MODULE: ./src/inputs/reader.ts
var inputs_reader = __webpack_require__(9066);
;// CONCATENATED MODULE: ./src/operations/ensure-bucket/lifecycle-rules.ts



/** The id of the rule `expire-after-days` and `abort-incomplete-multipart-days` manage. */
const MANAGED_RULE_ID = 'aws-task-pack-managed';
/** S3 accepts at most 1000 rules in one configuration. */
const MAX_RULES = 1000;
const MAX_DAYS = 36_500;
const ID_LIMIT = 255;
const FIELDS = [
    'id',
    'prefix',
    'expire-days',
    'expired-delete-markers',
    'noncurrent-days',
    'keep-noncurrent',
    'abort-incomplete-days',
    'state',
];
/**
 * Splits `a=b c="d e"` into fields. A value in double quotes is a JSON string, so a prefix may hold
 * spaces, `=` or quotes.
 */
function fieldsOf(line, input) {
    const out = new Map();
    let rest = line.trim();
    while (rest) {
        const m = /^([a-z-]+)=("(?:[^"\\]|\\.)*"|\S*)(?:\s+|$)/.exec(rest);
        if (!m)
            throw new errors/* InputError */.dz(input, `${(0,inputs_reader/* quote */.h)(rest)} is not a \`name=value\` field`, lifecycle_rule/* RULE_FORM */.iv);
        const name = m[1];
        if (!FIELDS.includes(name))
            throw new errors/* InputError */.dz(input, `unknown field ${(0,inputs_reader/* quote */.h)(m[1])} in ${(0,inputs_reader/* quote */.h)(line)}`, lifecycle_rule/* RULE_FORM */.iv);
        if (out.has(name))
            throw new errors/* InputError */.dz(input, `the field \`${name}\` is given twice in ${(0,inputs_reader/* quote */.h)(line)}`);
        let value = m[2];
        if (value.startsWith('"')) {
            try {
                value = JSON.parse(value);
            }
            catch {
                throw new errors/* InputError */.dz(input, `the quoted value ${value} in ${(0,inputs_reader/* quote */.h)(line)} is not a valid string`);
            }
        }
        out.set(name, value);
        rest = rest.slice(m[0].length);
    }
    return out;
}
function days(fields, name, input, min, max = MAX_DAYS) {
    const raw = fields.get(name);
    if (raw === undefined)
        return undefined;
    if (!/^\d{1,6}$/.test(raw) || +raw < min || +raw > max)
        throw new errors/* InputError */.dz(input, `\`${name}=${raw}\` is not a whole number from ${min} to ${max}`);
    return +raw;
}
/** Parses the `lifecycle-rules` lines; `reserved` is the ID the single-rule inputs own. */
function parseLifecycleRules(lines, input, reserved = MANAGED_RULE_ID) {
    const rules = [];
    const ids = new Set();
    for (const line of lines) {
        const f = fieldsOf(line, input);
        const id = f.get('id');
        if (!id)
            throw new errors/* InputError */.dz(input, `${(0,inputs_reader/* quote */.h)(line)} has no \`id=\``, lifecycle_rule/* RULE_FORM */.iv);
        if (id.length > ID_LIMIT)
            throw new errors/* InputError */.dz(input, `the rule ID ${(0,inputs_reader/* quote */.h)(id)} is longer than ${ID_LIMIT} characters`);
        if (id === reserved)
            throw new errors/* InputError */.dz(input, `the rule ID ${(0,inputs_reader/* quote */.h)(id)} is the one \`expire-after-days\` and \`abort-incomplete-multipart-days\` manage`, 'another ID');
        if (ids.has(id))
            throw new errors/* InputError */.dz(input, `the rule ID ${(0,inputs_reader/* quote */.h)(id)} is declared twice`);
        ids.add(id);
        const state = f.get('state') ?? 'present';
        if (state !== 'present' && state !== 'absent')
            throw new errors/* InputError */.dz(input, `\`state=${state}\` in ${(0,inputs_reader/* quote */.h)(line)}`, '`state=present` (the default) or `state=absent`');
        if (state === 'absent') {
            if (f.size > 2)
                throw new errors/* InputError */.dz(input, `${(0,inputs_reader/* quote */.h)(line)}: a rule with \`state=absent\` takes only \`id\``);
            rules.push({ id, prefix: '', absent: true });
            continue;
        }
        const prefix = f.get('prefix') ?? '';
        if (Buffer.byteLength(prefix) > 1024)
            throw new errors/* InputError */.dz(input, `the prefix of rule ${(0,inputs_reader/* quote */.h)(id)} is longer than 1024 bytes (UTF-8)`);
        const markers = f.get('expired-delete-markers');
        if (markers !== undefined && markers !== 'true' && markers !== 'false')
            throw new errors/* InputError */.dz(input, `\`expired-delete-markers=${markers}\` in rule ${(0,inputs_reader/* quote */.h)(id)}`, '`true` or `false`');
        const rule = {
            id,
            prefix,
            expireDays: days(f, 'expire-days', input, 1),
            expiredDeleteMarkers: markers === 'true' ? true : undefined,
            noncurrentDays: days(f, 'noncurrent-days', input, 1),
            keepNoncurrent: days(f, 'keep-noncurrent', input, 1, 100),
            abortIncompleteDays: days(f, 'abort-incomplete-days', input, 1),
            absent: false,
        };
        // S3 rejects an Expiration with both Days and ExpiredObjectDeleteMarker.
        if (rule.expireDays !== undefined && rule.expiredDeleteMarkers)
            throw new errors/* InputError */.dz(input, `rule ${(0,inputs_reader/* quote */.h)(id)} has both \`expire-days\` and \`expired-delete-markers=true\`, which S3 does not allow in one rule`, 'two rules');
        if (rule.keepNoncurrent !== undefined && rule.noncurrentDays === undefined)
            throw new errors/* InputError */.dz(input, `rule ${(0,inputs_reader/* quote */.h)(id)} has \`keep-noncurrent\` without \`noncurrent-days\``);
        if (rule.expireDays === undefined &&
            !rule.expiredDeleteMarkers &&
            rule.noncurrentDays === undefined &&
            rule.abortIncompleteDays === undefined)
            throw new errors/* InputError */.dz(input, `rule ${(0,inputs_reader/* quote */.h)(id)} has no action`, lifecycle_rule/* RULE_FORM */.iv);
        rules.push(rule);
    }
    if (rules.length > MAX_RULES)
        throw new errors/* InputError */.dz(input, `declares ${rules.length} rules`, `at most ${MAX_RULES}`);
    return rules;
}

;// CONCATENATED MODULE: ./src/operations/ensure-bucket/diff.ts


/**
 * The id of the rule the single-rule inputs manage; rules of `lifecycle-rules` are owned by their own
 * IDs, and every other rule is left alone.
 */

function describeEncryption(e) {
    if (!e)
        return 'none';
    if (e.algorithm === 'AES256')
        return 'AES256 (SSE-S3)';
    return `aws:kms (key ${e.kmsKeyId ?? 'aws/s3'}, bucket key ${e.bucketKey ? 'on' : 'off'})`;
}
function sameKey(current, wanted) {
    if (current === wanted)
        return true;
    if (!current || !wanted)
        return false;
    return current.endsWith(`/${wanted}`) || current.endsWith(`:${wanted}`) || wanted.endsWith(`/${current}`);
}
function sameEncryption(current, wanted) {
    if (!current || current.algorithm !== wanted.algorithm)
        return false;
    if (wanted.algorithm === 'AES256')
        return true;
    return sameKey(current.kmsKeyId, wanted.kmsKeyId) && current.bucketKey === wanted.bucketKey;
}
function publicAccessBlockOf(on) {
    return { BlockPublicAcls: on, IgnorePublicAcls: on, BlockPublicPolicy: on, RestrictPublicBuckets: on };
}
function describePublicAccessBlock(p) {
    if (!p)
        return 'not configured';
    const on = Object.entries(p)
        .filter(([, v]) => v)
        .map(([k]) => k);
    if (on.length === 4)
        return 'all four on';
    if (on.length === 0)
        return 'all off';
    return `only ${on.join(', ')}`;
}
function managedRule(l) {
    return {
        ID: MANAGED_RULE_ID,
        Status: 'Enabled',
        Filter: { Prefix: l.prefix },
        ...(l.expireAfterDays !== undefined ? { Expiration: { Days: l.expireAfterDays } } : {}),
        ...(l.abortIncompleteDays > 0
            ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: l.abortIncompleteDays } }
            : {}),
    };
}
/** The managed rule's meaning, in the form both sides are compared in. */
function describeRule(rule) {
    if (!rule)
        return 'none';
    const prefix = rule.Filter?.Prefix ?? rule.Prefix ?? rule.Filter?.And?.Prefix ?? '';
    const parts = [
        rule.Expiration?.Days !== undefined ? `expire after ${rule.Expiration.Days} days` : undefined,
        rule.Expiration?.ExpiredObjectDeleteMarker ? 'remove expired delete markers' : undefined,
        rule.NoncurrentVersionExpiration?.NoncurrentDays !== undefined
            ? `expire noncurrent versions after ${rule.NoncurrentVersionExpiration.NoncurrentDays} days${rule.NoncurrentVersionExpiration.NewerNoncurrentVersions !== undefined
                ? ` keeping the newest ${rule.NoncurrentVersionExpiration.NewerNoncurrentVersions}`
                : ''}`
            : undefined,
        rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined
            ? `abort incomplete uploads after ${rule.AbortIncompleteMultipartUpload.DaysAfterInitiation} days`
            : undefined,
    ].filter(Boolean);
    const extra = rule.Filter?.Tag ||
        rule.Filter?.And?.Tags?.length ||
        rule.Filter?.ObjectSizeGreaterThan !== undefined ||
        rule.Filter?.ObjectSizeLessThan !== undefined ||
        rule.Filter?.And?.ObjectSizeGreaterThan !== undefined ||
        rule.Filter?.And?.ObjectSizeLessThan !== undefined ||
        rule.Transitions?.length ||
        rule.NoncurrentVersionTransitions?.length ||
        rule.Expiration?.Date
        ? ', plus other clauses'
        : '';
    return `${parts.join('; ') || 'no actions'} under ${prefix ? `\`${prefix}\`` : 'the whole bucket'}${rule.Status === 'Enabled' ? '' : ` (${rule.Status})`}${extra}`;
}
/**
 * Computes every difference between the declared settings and the bucket as it is. Long because it
 * is one comparison per managed setting (and per declared lifecycle rule), in the order of the plan.
 */
function diffBucket(settings, state, region) {
    const changes = [];
    if (!state.exists)
        changes.push({ setting: 'bucket', op: '+', to: `${settings.bucket} in ${region}` });
    if (settings.versioning) {
        const current = state.versioning;
        // A bucket that never had versioning behaves like a suspended one: nothing to change.
        const same = current === settings.versioning || (current === undefined && settings.versioning === 'Suspended');
        if (!same)
            changes.push({
                setting: 'versioning',
                op: current ? '~' : '+',
                from: current,
                to: settings.versioning,
            });
    }
    if (settings.encryption && !sameEncryption(state.encryption, settings.encryption))
        changes.push({
            setting: 'encryption',
            op: state.encryption ? '~' : '+',
            from: state.encryption ? describeEncryption(state.encryption) : undefined,
            to: describeEncryption(settings.encryption),
        });
    if (settings.blockPublicAccess !== undefined) {
        const wanted = publicAccessBlockOf(settings.blockPublicAccess);
        // An existing bucket without a configuration blocks nothing; a new one starts with all four blocks
        // on (AWS, since April 2023), so a bucket about to be created always gets the declared configuration.
        const current = state.publicAccessBlock ?? (state.exists ? publicAccessBlockOf(false) : undefined);
        if (JSON.stringify(current) !== JSON.stringify(wanted))
            changes.push({
                setting: 'block-public-access',
                op: state.publicAccessBlock ? '~' : '+',
                from: state.publicAccessBlock ? describePublicAccessBlock(state.publicAccessBlock) : undefined,
                to: describePublicAccessBlock(wanted),
            });
    }
    if (settings.objectOwnership && state.objectOwnership !== settings.objectOwnership)
        changes.push({
            setting: 'object-ownership',
            op: state.objectOwnership ? '~' : '+',
            from: state.objectOwnership,
            to: settings.objectOwnership,
        });
    for (const [key, value] of Object.entries(settings.tags)) {
        if (!(key in state.tags))
            changes.push({ setting: 'tags', op: '+', key, to: value });
        else if (state.tags[key] !== value)
            changes.push({ setting: 'tags', op: '~', key, from: state.tags[key], to: value });
    }
    if (settings.tagsExclusive)
        for (const [key, value] of Object.entries(state.tags))
            if (!(key in settings.tags))
                changes.push({ setting: 'tags', op: '-', key, from: value });
    const current = state.lifecycleRules.find((r) => r.ID === MANAGED_RULE_ID);
    const wanted = settings.lifecycle ? managedRule(settings.lifecycle) : undefined;
    if (wanted && describeRule(current) !== describeRule(wanted))
        changes.push({
            setting: 'lifecycle',
            op: current ? '~' : '+',
            from: current ? describeRule(current) : undefined,
            to: describeRule(wanted),
        });
    if (!wanted && current)
        changes.push({ setting: 'lifecycle', op: '-', from: describeRule(current) });
    for (const declared of settings.lifecycleRules) {
        const stored = state.lifecycleRules.find((r) => r.ID === declared.id);
        if (declared.absent) {
            if (stored)
                changes.push({ setting: 'lifecycle', op: '-', key: declared.id, from: describeRule(stored) });
            continue;
        }
        const rule = (0,lifecycle_rule/* lifecycleRuleOf */.Ow)(declared);
        if (describeRule(stored) !== describeRule(rule))
            changes.push({
                setting: 'lifecycle',
                op: stored ? '~' : '+',
                key: declared.id,
                from: stored ? describeRule(stored) : undefined,
                to: describeRule(rule),
            });
    }
    return changes;
}
/** How a change reads in logs and the summary: `~ versioning: Suspended → Enabled`. */
function formatChange(c) {
    const name = c.key !== undefined ? `${c.setting}.${c.key}` : c.setting;
    const body = c.op === '~' ? `${c.from ?? 'none'} → ${c.to ?? 'none'}` : c.op === '+' ? (c.to ?? '') : (c.from ?? '');
    return `${c.op} ${name}: ${body}${c.skipped ? ` (skipped: ${c.skipped})` : ''}`;
}

// EXTERNAL MODULE: ./src/aws/bucket-name.ts
var bucket_name = __webpack_require__(5623);
;// CONCATENATED MODULE: ./src/operations/ensure-bucket/state.ts




/** The IAM permissions that read and change each setting (S3's names differ from the API's). */
const SETTING_PERMISSIONS = {
    versioning: { read: 's3:GetBucketVersioning', write: 's3:PutBucketVersioning' },
    encryption: { read: 's3:GetEncryptionConfiguration', write: 's3:PutEncryptionConfiguration' },
    'block-public-access': { read: 's3:GetBucketPublicAccessBlock', write: 's3:PutBucketPublicAccessBlock' },
    'object-ownership': { read: 's3:GetBucketOwnershipControls', write: 's3:PutBucketOwnershipControls' },
    tags: { read: 's3:GetBucketTagging', write: 's3:PutBucketTagging' },
    lifecycle: { read: 's3:GetLifecycleConfiguration', write: 's3:PutLifecycleConfiguration' },
};
/** The bucket's ARN, for permission hints. */
const bucketArn = (bucket, region) => `arn:${(0,bucket_name/* partitionOf */.i)(region)}:s3:::${bucket}`;
/** Error codes meaning "there is no such configuration", i.e. the setting is at its empty default. */
const NOT_CONFIGURED = new Set([
    'ServerSideEncryptionConfigurationNotFoundError',
    'NoSuchPublicAccessBlockConfiguration',
    'OwnershipControlsNotFoundError',
    'NoSuchTagSet',
    'NoSuchTagSetError',
    'NoSuchLifecycleConfiguration',
]);
/** A store that lacks an API answers 501 NotImplemented (Ceph, older MinIO) or 405. */
function isUnsupported(err) {
    const code = (0,classify/* awsErrorCode */.J6)(err);
    const status = (0,classify/* httpStatus */.nG)(err);
    return code === 'NotImplemented' || code === 'MethodNotAllowed' || status === 501 || status === 405;
}
function bucketRegionOf(err) {
    const response = err.$response;
    return response?.headers?.['x-amz-bucket-region'];
}
/**
 * Reads the bucket's managed settings. `compatibleStore` (a custom endpoint) turns "not implemented"
 * answers into notes instead of failures: AWS itself implements every API read here. Long because
 * it is one read per managed setting, in parallel, each with its own "not configured" answer.
 */
async function readBucketState(s3, settings, region, signal, compatibleStore) {
    const state = {
        exists: false,
        tags: {},
        lifecycleRules: [],
        unsupported: new Set(),
        requestCount: 0,
    };
    const bucket = settings.bucket;
    const opts = { abortSignal: signal };
    state.requestCount++;
    try {
        const head = await s3.send(new dist_cjs/* HeadBucketCommand */.kuI({ Bucket: bucket }), opts);
        state.exists = true;
        state.region = head.BucketRegion;
    }
    catch (err) {
        const status = (0,classify/* httpStatus */.nG)(err);
        if (status === 404 || (0,classify/* awsErrorCode */.J6)(err) === 'NotFound' || (0,classify/* awsErrorCode */.J6)(err) === 'NoSuchBucket')
            return state;
        if (status === 301) {
            state.exists = true;
            state.region = bucketRegionOf(err);
        }
        else if (status === 403) {
            throw new errors/* TaskError */.Ik('accessDenied', `HeadBucket ${bucket} was denied (HTTP 403): the bucket belongs to another account, or this role lacks \`s3:ListBucket\` on it.`, {
                errorCode: 'AccessDenied',
                hint: 'Bucket names are global: pick another name, or grant `s3:ListBucket` on the bucket to the role.',
                cause: err,
            });
        }
        else
            throw (0,classify/* wrapAwsError */.AH)(err, `HeadBucket ${bucket}`);
    }
    if (state.region && state.region !== region)
        throw new errors/* TaskError */.Ik('input', `The bucket ${bucket} is in ${state.region}, but this step runs in ${region}.`, {
            errorCode: 'BucketInAnotherRegion',
            hint: `Set \`aws-region: ${state.region}\`, or choose another bucket name.`,
        });
    /** Reads one setting; "not configured" errors mean the empty default, unsupported APIs are noted. */
    const read = async (setting, call) => {
        state.requestCount++;
        try {
            return await call();
        }
        catch (err) {
            if (NOT_CONFIGURED.has((0,classify/* awsErrorCode */.J6)(err)))
                return undefined;
            if (compatibleStore && isUnsupported(err)) {
                state.unsupported.add(setting);
                return undefined;
            }
            throw (0,classify/* wrapAwsError */.AH)(err, `Reading the ${setting} of ${bucket}`, (0,classify/* isAccessDenied */.w7)(err)
                ? (0,classify/* grantHint */._s)([SETTING_PERMISSIONS[setting].read], bucketArn(bucket, region))
                : undefined);
        }
    };
    await Promise.all([
        settings.versioning &&
            read('versioning', async () => {
                const out = await s3.send(new dist_cjs/* GetBucketVersioningCommand */._rj({ Bucket: bucket }), opts);
                state.versioning = out.Status;
            }),
        settings.encryption &&
            read('encryption', async () => {
                const out = await s3.send(new dist_cjs/* GetBucketEncryptionCommand */.tQT({ Bucket: bucket }), opts);
                const rule = out.ServerSideEncryptionConfiguration?.Rules?.[0];
                const algorithm = rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
                if (algorithm === 'AES256' || algorithm === 'aws:kms')
                    state.encryption = {
                        algorithm,
                        kmsKeyId: rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID,
                        bucketKey: rule?.BucketKeyEnabled ?? false,
                    };
            }),
        settings.blockPublicAccess !== undefined &&
            read('block-public-access', async () => {
                const out = await s3.send(new dist_cjs/* GetPublicAccessBlockCommand */.GLk({ Bucket: bucket }), opts);
                const c = out.PublicAccessBlockConfiguration;
                state.publicAccessBlock = {
                    BlockPublicAcls: c?.BlockPublicAcls ?? false,
                    IgnorePublicAcls: c?.IgnorePublicAcls ?? false,
                    BlockPublicPolicy: c?.BlockPublicPolicy ?? false,
                    RestrictPublicBuckets: c?.RestrictPublicBuckets ?? false,
                };
            }),
        settings.objectOwnership &&
            read('object-ownership', async () => {
                const out = await s3.send(new dist_cjs/* GetBucketOwnershipControlsCommand */.$rC({ Bucket: bucket }), opts);
                state.objectOwnership = out.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
            }),
        (Object.keys(settings.tags).length > 0 || settings.tagsExclusive) &&
            read('tags', async () => {
                const out = await s3.send(new dist_cjs/* GetBucketTaggingCommand */.fp5({ Bucket: bucket }), opts);
                for (const t of out.TagSet ?? [])
                    if (t.Key !== undefined)
                        state.tags[t.Key] = t.Value ?? '';
            }),
        read('lifecycle', async () => {
            const out = await s3.send(new dist_cjs/* GetBucketLifecycleConfigurationCommand */.iQ1({ Bucket: bucket }), opts);
            state.lifecycleRules = out.Rules ?? [];
            state.transitionDefaultMinimumObjectSize = out.TransitionDefaultMinimumObjectSize;
        }),
    ]);
    return state;
}

;// CONCATENATED MODULE: ./src/operations/ensure-bucket/apply.ts






/** A setting the store cannot do: fails when the workflow asked for it, else is skipped with a warning. */
function unsupportedSetting(setting, settings, logger, cause) {
    const inputs = {
        versioning: ['versioning'],
        encryption: ['encryption'],
        'block-public-access': ['block-public-access'],
        'object-ownership': ['object-ownership'],
        tags: ['tags'],
        lifecycle: ['expire-after-days', 'abort-incomplete-multipart-days', 'lifecycle-rules'],
    };
    if (inputs[setting].some((i) => settings.explicit.has(i)))
        throw new errors/* TaskError */.Ik('awsApi', `This S3 store does not implement the ${setting} API, which the workflow asks for explicitly.`, {
            errorCode: 'NotImplemented',
            hint: setting === 'tags'
                ? 'Leave out `tags` for this store.'
                : setting === 'lifecycle'
                    ? // Neither lifecycle input takes `unchanged`: the managed rule goes away only with both off.
                        'Leave out `expire-after-days` and `lifecycle-rules`, and set `abort-incomplete-multipart-days: 0` for this store.'
                    : `Set \`${inputs[setting][0]}: unchanged\` (or leave it out) for this store.`,
            cause,
        });
    logger.warning('bucket.setting-unsupported', `This S3 store does not implement the ${setting} API; the default is skipped`, { setting });
    return 'not supported by this store';
}
/**
 * Executes the planned changes, one request per changed setting, and nothing else. Never throws: a
 * failed write ends the run with the failure in the result.
 */
async function applyChanges(settings, plannedState, planned, deps) {
    const result = { created: false, changes: planned.map((c) => ({ ...c })), writeCount: 0 };
    try {
        await applyInto(result, settings, plannedState, deps);
    }
    catch (err) {
        result.failure = (0,classify/* asTaskError */.eJ)(err, deps.signal);
    }
    return result;
}
/**
 * One write per setting, in a fixed order (ownership before public access, encryption before
 * anything that writes objects). Long because each setting's request is spelled out here, once,
 * in the order it is applied.
 */
async function applyInto(result, settings, plannedState, deps) {
    const { s3, logger, region } = deps;
    const Bucket = settings.bucket;
    const opts = { abortSignal: deps.signal };
    let state = plannedState;
    const planned = result.changes;
    const done = [];
    if (planned.some((c) => c.setting === 'bucket')) {
        result.writeCount++;
        try {
            await s3.send(new dist_cjs/* CreateBucketCommand */.cZX({
                Bucket,
                // us-east-1 takes no LocationConstraint; every other region must name itself.
                CreateBucketConfiguration: region === 'us-east-1' ? undefined : { LocationConstraint: region },
            }), opts);
            result.created = true;
            logger.info('bucket.created', `Created ${Bucket} in ${region}`, { bucket: Bucket, region });
        }
        catch (err) {
            const code = (0,classify/* awsErrorCode */.J6)(err);
            if (code === 'BucketAlreadyOwnedByYou') {
                // After a retry, our own earlier attempt created it and its reply was lost. Otherwise another
                // job created it between our HeadBucket and now. Either way its settings may already differ
                // from an empty bucket's, so read them again and change only what differs.
                const ours = (err.$metadata?.attempts ?? 1) > 1;
                result.created = ours;
                logger.info(ours ? 'bucket.created' : 'bucket.exists', ours
                    ? `Created ${Bucket} in ${region} (the reply to an earlier attempt was lost); reading its settings again`
                    : `${Bucket} was created concurrently by another job; reading its settings again`, { bucket: Bucket, region });
                const again = await deps.replan();
                state = again.state;
                result.changes = [
                    ...result.changes
                        .filter((c) => c.setting === 'bucket')
                        .map((c) => (ours ? c : { ...c, skipped: 'created concurrently by another job' })),
                    ...again.diff.filter((c) => c.setting !== 'bucket'),
                ];
            }
            else if (code === 'BucketAlreadyExists') {
                throw new errors/* TaskError */.Ik('awsApi', `The bucket name ${Bucket} belongs to another account (bucket names are global).`, {
                    errorCode: code,
                    hint: 'Choose another name in `bucket`.',
                    cause: err,
                });
            }
            else
                throw (0,classify/* wrapAwsError */.AH)(err, `CreateBucket ${Bucket}`, (0,classify/* isAccessDenied */.w7)(err) ? (0,classify/* grantHint */._s)(['s3:CreateBucket'], bucketArn(Bucket, region)) : undefined);
        }
        done.push('bucket');
    }
    const write = async (setting, call) => {
        const changes = result.changes.filter((c) => c.setting === setting && !c.skipped);
        if (changes.length === 0)
            return;
        result.writeCount++;
        try {
            await call();
            done.push(setting);
            logger.info('bucket.changed', `Applied ${setting}`, { setting, changes: changes.length });
        }
        catch (err) {
            if (deps.compatibleStore && isUnsupported(err)) {
                const why = unsupportedSetting(setting, settings, logger, err);
                for (const c of changes)
                    c.skipped = why;
                return;
            }
            const failed = (0,classify/* wrapAwsError */.AH)(err, `Changing the ${setting} of ${Bucket}`, (0,classify/* isAccessDenied */.w7)(err)
                ? (0,classify/* grantHint */._s)([SETTING_PERMISSIONS[setting].write], bucketArn(Bucket, region))
                : undefined);
            const before = done.length
                ? ` Applied before the failure: ${done.join(', ')}.`
                : ' Nothing was changed before it.';
            throw new errors/* TaskError */.Ik(failed.kind, failed.message + before, {
                errorCode: failed.errorCode,
                hint: failed.hint,
                cause: err,
            });
        }
    };
    await write('object-ownership', () => s3.send(new dist_cjs/* PutBucketOwnershipControlsCommand */.o9A({
        Bucket,
        OwnershipControls: { Rules: [{ ObjectOwnership: settings.objectOwnership }] },
    }), opts));
    await write('block-public-access', () => s3.send(new dist_cjs/* PutPublicAccessBlockCommand */.ZXv({
        Bucket,
        PublicAccessBlockConfiguration: publicAccessBlockOf(settings.blockPublicAccess),
    }), opts));
    await write('encryption', () => s3.send(new dist_cjs/* PutBucketEncryptionCommand */.iRK({
        Bucket,
        ServerSideEncryptionConfiguration: {
            Rules: [
                {
                    ApplyServerSideEncryptionByDefault: {
                        SSEAlgorithm: settings.encryption.algorithm,
                        KMSMasterKeyID: settings.encryption.kmsKeyId,
                    },
                    BucketKeyEnabled: settings.encryption.algorithm === 'aws:kms' ? settings.encryption.bucketKey : undefined,
                },
            ],
        },
    }), opts));
    await write('versioning', () => s3.send(new dist_cjs/* PutBucketVersioningCommand */.XjQ({ Bucket, VersioningConfiguration: { Status: settings.versioning } }), opts));
    await write('tags', () => {
        const tags = settings.tagsExclusive ? { ...settings.tags } : { ...state.tags, ...settings.tags };
        const TagSet = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
        return TagSet.length
            ? s3.send(new dist_cjs/* PutBucketTaggingCommand */.yCr({ Bucket, Tagging: { TagSet } }), opts)
            : s3.send(new dist_cjs/* DeleteBucketTaggingCommand */.Y3t({ Bucket }), opts);
    });
    await write('lifecycle', () => {
        // The whole configuration is replaced, so every rule that is not ours goes back as it was.
        const owned = new Set([MANAGED_RULE_ID, ...settings.lifecycleRules.map((r) => r.id)]);
        const Rules = [
            ...state.lifecycleRules.filter((r) => !owned.has(r.ID ?? '')),
            ...(settings.lifecycle ? [managedRule(settings.lifecycle)] : []),
            ...settings.lifecycleRules.filter((r) => !r.absent).map(lifecycle_rule/* lifecycleRuleOf */.Ow),
        ];
        return Rules.length
            ? s3.send(new dist_cjs/* PutBucketLifecycleConfigurationCommand */.RJe({
                Bucket,
                LifecycleConfiguration: { Rules },
                TransitionDefaultMinimumObjectSize: state.transitionDefaultMinimumObjectSize,
            }), opts)
            : s3.send(new dist_cjs/* DeleteBucketLifecycleCommand */.nzf({ Bucket }), opts);
    });
}

// EXTERNAL MODULE: ./src/aws/kms.ts
var kms = __webpack_require__(6552);
// EXTERNAL MODULE: ./src/inputs/key-values.ts
var key_values = __webpack_require__(829);
;// CONCATENATED MODULE: ./src/operations/ensure-bucket/settings.ts





/** A boolean input that may also say `unchanged`. */
function triState(reader, name) {
    return reader.string(name) === 'unchanged' ? undefined : reader.boolean(name);
}
function parseEnsureBucket(reader, _common) {
    const bucket = (0,key_values/* parseBucket */.W5)(reader, 'ensure-bucket');
    const explicit = new Set([
        'versioning',
        'encryption',
        'block-public-access',
        'object-ownership',
        'tags',
        'expire-after-days',
        'abort-incomplete-multipart-days',
        'lifecycle-rules',
    ].filter((n) => reader.given(n)));
    const versioningInput = reader.choice('versioning', ['enabled', 'suspended', 'unchanged']);
    const versioning = versioningInput === 'enabled' ? 'Enabled' : versioningInput === 'suspended' ? 'Suspended' : undefined;
    const algorithm = reader.choice('encryption', ['AES256', 'aws:kms', 'unchanged']);
    const kmsKeyId = reader.string('kms-key-id');
    if (kmsKeyId !== undefined) {
        if (algorithm !== 'aws:kms')
            throw new errors/* InputError */.dz('kms-key-id', 'only applies with `encryption: aws:kms`');
        if (!kms/* KMS_KEY_ID */.a.test(kmsKeyId))
            throw new errors/* InputError */.dz('kms-key-id', `${(0,inputs_reader/* quote */.h)(kmsKeyId)} is not a KMS key id, ARN or alias`, 'a key id, `alias/name` or a key ARN');
    }
    const bucketKey = reader.boolean('bucket-key');
    const encryption = algorithm === 'unchanged'
        ? undefined
        : { algorithm, kmsKeyId, bucketKey: algorithm === 'aws:kms' ? bucketKey : false };
    const objectOwnership = reader.choice('object-ownership', [
        'BucketOwnerEnforced',
        'BucketOwnerPreferred',
        'ObjectWriter',
        'unchanged',
    ]);
    const expireAfterDays = reader.given('expire-after-days')
        ? reader.integer('expire-after-days', 1, 36500)
        : undefined;
    const prefix = reader.string('expire-prefix');
    if (prefix !== undefined && expireAfterDays === undefined)
        throw new errors/* InputError */.dz('expire-prefix', 'needs `expire-after-days`');
    if (prefix !== undefined && Buffer.byteLength(prefix) > 1024)
        throw new errors/* InputError */.dz('expire-prefix', 'is longer than 1024 bytes (UTF-8)');
    const abortIncompleteDays = reader.integer('abort-incomplete-multipart-days', 0, 36500);
    const lifecycle = expireAfterDays !== undefined || abortIncompleteDays > 0
        ? { expireAfterDays, prefix: prefix ?? '', abortIncompleteDays }
        : undefined;
    return {
        bucket,
        versioning,
        encryption,
        blockPublicAccess: triState(reader, 'block-public-access'),
        objectOwnership: objectOwnership === 'unchanged' ? undefined : objectOwnership,
        tags: (0,key_values/* parseTags */.rL)(reader, 50),
        tagsExclusive: reader.boolean('tags-exclusive'),
        lifecycle,
        lifecycleRules: parseLifecycleRules(reader.lines('lifecycle-rules'), 'lifecycle-rules', MANAGED_RULE_ID),
        explicit,
    };
}

;// CONCATENATED MODULE: ./src/operations/ensure-bucket/index.ts





/** `expire after 30 → 60 days; …`: only the words that differ change, the rest is said once. */
function changedText(from, to) {
    const a = from.split(' ');
    const b = to.split(' ');
    let head = 0;
    while (head < a.length && head < b.length && a[head] === b[head])
        head++;
    let tail = 0;
    while (tail < a.length - head &&
        tail < b.length - head &&
        a[a.length - 1 - tail] === b[b.length - 1 - tail])
        tail++;
    const mid = (w) => w.slice(head, w.length - tail).join(' ') || '(nothing)';
    return [...a.slice(0, head), `${mid(a)} → ${mid(b)}`, ...a.slice(a.length - tail)].join(' ');
}
/** One line of the `diff` block: the sign GitHub colours, the setting, and the value or the change. */
function diffLines(changes) {
    const name = (c) => (c.key !== undefined ? `${c.setting}.${c.key}` : c.setting);
    const width = Math.min(40, Math.max(0, ...changes.map((c) => name(c).length)));
    return changes.map((c) => {
        const value = c.op === '~'
            ? changedText(c.from ?? 'none', c.to ?? 'none')
            : c.op === '+'
                ? (c.to ?? '')
                : (c.from ?? '');
        // A change the store cannot make is no change: no sign, so GitHub does not colour it.
        const sign = c.skipped ? ' ' : c.op;
        return `${sign} ${name(c).padEnd(width)}  ${value}${c.skipped ? `  (skipped: ${c.skipped})` : ''}`.trimEnd();
    });
}
/** `1 to add, 2 to change, 0 to remove` (or `added`/`changed`/`removed`). */
function tally(changes, done) {
    const n = (op) => changes.filter((c) => c.op === op).length;
    return done
        ? `${n('+')} added, ${n('~')} changed, ${n('-')} removed`
        : `${n('+')} to add, ${n('~')} to change, ${n('-')} to remove`;
}
function changesOutput(changes) {
    return JSON.stringify(changes.map((c) => ({
        setting: c.setting,
        ...(c.key !== undefined ? { key: c.key } : {}),
        op: c.op,
        from: c.from ?? null,
        to: c.to ?? null,
        ...(c.skipped ? { skipped: c.skipped } : {}),
    })));
}
/** The bucket as it is, and how it differs from the declaration (defaults a store lacks marked skipped). */
async function readAndDiff(ctx, settings) {
    const region = ctx.common.region;
    const state = await readBucketState(ctx.clients.s3(), settings, region, ctx.signal, ctx.common.endpointUrl !== undefined);
    const diff = diffBucket(settings, state, region);
    for (const c of diff)
        if (c.setting !== 'bucket' && state.unsupported.has(c.setting))
            c.skipped = unsupportedSetting(c.setting, settings, ctx.logger);
    return { state, diff };
}
const ensureBucket = {
    name: 'ensure-bucket',
    parse: parseEnsureBucket,
    async plan(ctx, settings) {
        const { state, diff } = await readAndDiff(ctx, settings);
        for (const c of diff)
            ctx.logger.info(ctx.common.dryRun ? 'bucket.planned' : 'bucket.plan', `${ctx.common.dryRun ? '(dryrun) ' : ''}${formatChange(c)}`, {
                setting: c.setting,
                op: c.op,
                key: c.key,
                from: c.from,
                to: c.to,
                skipped: c.skipped,
            });
        if (diff.length === 0)
            ctx.logger.info('bucket.in-sync', `${settings.bucket} already matches the declared settings`, {
                bucket: settings.bucket,
            });
        return {
            state,
            diff,
            changes: diff.map((c) => ({
                action: c.op,
                target: c.key !== undefined ? `${c.setting}.${c.key}` : c.setting,
                reason: formatChange(c),
            })),
        };
    },
    apply(ctx, settings, plan) {
        return applyChanges(settings, plan.state, plan.diff, {
            s3: ctx.clients.s3(),
            logger: ctx.logger,
            region: ctx.common.region,
            signal: ctx.signal,
            compatibleStore: ctx.common.endpointUrl !== undefined,
            replan: () => readAndDiff(ctx, settings),
        });
    },
    report(ctx, settings, plan, result) {
        const region = ctx.common.region;
        const changes = result?.changes ?? plan.diff;
        const effective = changes.filter((c) => !c.skipped);
        const skipped = changes.length - effective.length;
        const created = result ? result.created : plan.diff.some((c) => c.setting === 'bucket');
        const changed = result ? effective.length > 0 && result.writeCount > 0 : effective.length > 0;
        const arn = bucketArn(settings.bucket, region);
        const skippedPart = skipped ? `; ${skipped} skipped (not supported by this store)` : '';
        const inSync = result ? effective.length === 0 || result.writeCount === 0 : effective.length === 0;
        const headline = result?.failure
            ? `Not brought in line: ${result.failure.message}`
            : inSync
                ? `No changes: ${settings.bucket} matches the declared settings${skippedPart}`
                : `${result ? (created ? 'Created: ' : 'Applied: ') : 'Plan: '}${tally(effective, Boolean(result))}${skippedPart}`;
        const callouts = [];
        if (!result && !inSync)
            callouts.push(`Dry run: nothing was changed${created ? ' (the bucket does not exist yet)' : ''}. Run with \`dry-run: false\` to apply.`);
        if (changes.some((c) => c.op === '-'))
            callouts.push(`${result ? 'Removed' : 'Removes'}: ${changes
                .filter((c) => c.op === '-')
                .map((c) => (c.key !== undefined ? `${c.setting}.${c.key}` : c.setting))
                .join(', ')}.`);
        return {
            headline,
            callouts,
            location: (0,links/* prefixCell */.$)(ctx.common, settings.bucket),
            diff: changes.length
                ? {
                    summary: `${changes.length} ${changes.length === 1 ? 'change' : 'changes'} ${result ? 'applied' : 'planned'}`,
                    lines: diffLines(changes),
                }
                : undefined,
            facts: [
                ['Bucket ARN', arn],
                ['Region', region],
                ['Read requests', String(plan.state.requestCount), 'runner'],
                ...(result ? [['Write requests', String(result.writeCount), 'runner']] : []),
            ],
            tables: [],
            notes: [],
            outputs: {
                'bucket-arn': arn,
                region,
                created: String(created),
                changed: String(changed),
                changes: changesOutput(changes),
            },
        };
    },
};


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


/***/ })

};
