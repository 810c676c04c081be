export const id = 645;
export const ids = [645];
export const modules = {

/***/ 5645:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fetchSecret: () => (/* binding */ fetchSecret)
});

// EXTERNAL MODULE: ./src/aws/classify.ts
var classify = __webpack_require__(8199);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/inputs/schema.ts + 1 modules
var schema = __webpack_require__(1953);
// EXTERNAL MODULE: ./src/operations/fetch-secret/schema.ts
var fetch_secret_schema = __webpack_require__(4493);
// EXTERNAL MODULE: ./src/report/format.ts
var format = __webpack_require__(2011);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-secrets-manager/dist-cjs/index.js
var dist_cjs = __webpack_require__(2994);
// EXTERNAL MODULE: ./src/aws/arn.ts
var arn = __webpack_require__(1626);
// EXTERNAL MODULE: ./src/inputs/reader.ts
var inputs_reader = __webpack_require__(9066);
// EXTERNAL MODULE: ./src/util/concurrency.ts
var concurrency = __webpack_require__(3731);
;// CONCATENATED MODULE: ./src/operations/fetch-secret/read.ts






/** BatchGetSecretValue takes at most 20 ids per call. */
const BATCH_SIZE = 20;
const CONCURRENCY = 8;
function fromEntry(entry) {
    return {
        name: entry.Name ?? entry.ARN ?? '?',
        arn: entry.ARN,
        versionId: entry.VersionId,
        stages: entry.VersionStages ?? [],
        text: entry.SecretString,
        binary: entry.SecretBinary,
    };
}
function failureOf(secret, err) {
    const wrapped = (0,classify/* wrapAwsError */.AH)(err, `Reading ${secret}`);
    return { secret, errorCode: wrapped.errorCode, kind: wrapped.kind, message: wrapped.message };
}
/** Identifies the secret an id names (by ARN, or by name, or the partial ARN given). */
function matches(id, value) {
    return (id === value.name ||
        id === value.arn ||
        // A partial ARN lacks only the `-xxxxxx` suffix: `…:secret:prod/db` must not match `prod/db-backup`.
        (value.arn !== undefined &&
            id.startsWith('arn:') &&
            value.arn.startsWith(`${id}-`) &&
            value.arn.length === id.length + 7));
}
/** Gathers requests by `(region, id)`; a wildcard's match joins the target that already names it. */
class Targets {
    list = [];
    /** `secret`: what a listing said about it, so that a line naming it by name or ARN is found. */
    add(region, id, request, secret) {
        const existing = this.list.find((t) => t.region === region && (t.id === id || (secret !== undefined && matches(t.id, secret))));
        if (existing) {
            if (!existing.requests.includes(request))
                existing.requests.push(request);
        }
        else
            this.list.push({ region, id, requests: [request] });
    }
    byRegion() {
        const groups = new Map();
        for (const t of this.list)
            groups.set(t.region, [...(groups.get(t.region) ?? []), t]);
        return groups;
    }
}
/** The region a secret's ARN names (undefined without an ARN). */
function regionOf(value) {
    return value.arn?.split(':')[3];
}
/** The alias on a wildcard names one variable, so the prefix must match exactly one secret. */
function aliasMatchesSeveral(request, names) {
    return new errors/* InputError */.dz('secret-ids', `${(0,inputs_reader/* quote */.h)(request.line)} gives an alias to a prefix that matches ${names.length} secrets`, 'a prefix that matches exactly one secret, or no alias');
}
/** Case-sensitive prefix match: the service's name filter is looser than `prefix*` promises. */
function startsWith(value, prefix) {
    return ('name' in value ? value.name : (value.Name ?? '')).startsWith(prefix);
}
class Reader {
    deps;
    requestCount = 0;
    values = new Map();
    failures = [];
    constructor(deps) {
        this.deps = deps;
    }
    counted(request) {
        this.requestCount++;
        return request;
    }
    /** The pages of a paginator, each counted as the request it was. */
    async *countedPages(pages) {
        for await (const page of pages) {
            this.requestCount++;
            yield page;
        }
    }
    get opts() {
        return { abortSignal: this.deps.signal };
    }
    received(request, value) {
        this.deps.onValue(value);
        const list = this.values.get(request) ?? [];
        if (!list.some((v) => v.name === value.name && v.arn === value.arn))
            list.push(value);
        this.values.set(request, list);
    }
    /** Hands a value to every line its target serves, once. */
    receivedFor(target, value) {
        if (target.read)
            return;
        target.read = true;
        for (const r of target.requests)
            this.received(r, value);
    }
    /** Records one entry of a batch reply's `Errors`. */
    failed(e) {
        const code = e.ErrorCode ?? 'Unknown';
        const secret = e.SecretId ?? '?';
        const detail = e.Message && e.Message !== code ? `: ${e.Message.replace(/\.+$/, '')}` : '';
        // Classified by its code alone: the entry is data in a 200 reply, not an SDK error.
        this.failures.push({
            secret,
            errorCode: code,
            kind: (0,classify/* kindOfCode */.Hy)(code),
            message: `Reading ${secret} failed: ${code}${detail}.`,
        });
    }
    /** Explicit ids in batches of 20, each id once; throws only when the batch call itself is refused. */
    async batchIds(region, targets) {
        const client = this.deps.client(region);
        await (0,concurrency/* mapLimit */.sf)((0,concurrency/* chunk */.iv)(targets, BATCH_SIZE), CONCURRENCY, async (batch) => {
            const pages = (0,dist_cjs/* paginateBatchGetSecretValue */.dE)({ client }, { SecretIdList: batch.map((t) => t.id) }, this.opts);
            for await (const out of this.countedPages(pages)) {
                for (const entry of out.SecretValues ?? []) {
                    const value = fromEntry(entry);
                    for (const t of batch)
                        if (matches(t.id, value))
                            this.receivedFor(t, value);
                }
                for (const e of out.Errors ?? [])
                    this.failed(e);
            }
        }, { signal: this.deps.signal });
    }
    async batchPrefix(request) {
        const pages = (0,dist_cjs/* paginateBatchGetSecretValue */.dE)({ client: this.deps.client(request.region), pageSize: BATCH_SIZE }, { Filters: [{ Key: 'name', Values: [request.prefix] }] }, this.opts);
        for await (const out of this.countedPages(pages)) {
            for (const entry of out.SecretValues ?? []) {
                const value = fromEntry(entry);
                if (startsWith(value, request.prefix))
                    this.received(request, value);
            }
            // A match that cannot be read is a failure, never silently left out.
            for (const e of out.Errors ?? []) {
                const id = e.SecretId ?? '';
                if ((id.startsWith('arn:') ? (0,arn/* secretNameFromArn */.h_)(id) : id).startsWith(request.prefix))
                    this.failed(e);
            }
        }
    }
    async listNames(request) {
        const names = [];
        const pages = (0,dist_cjs/* paginateListSecrets */.hM)({ client: this.deps.client(request.region), pageSize: 100 }, { Filters: [{ Key: 'name', Values: [request.prefix] }] }, this.opts);
        for await (const out of this.countedPages(pages))
            for (const s of out.SecretList ?? [])
                if (s.Name && startsWith(s, request.prefix))
                    names.push({ name: s.Name, arn: s.ARN });
        return names;
    }
    async single(target, stage, versionId) {
        const secretId = target.id;
        try {
            const out = await this.counted(this.deps.client(target.region).send(new dist_cjs/* GetSecretValueCommand */.d2({
                SecretId: secretId,
                VersionStage: versionId ? undefined : stage,
                VersionId: versionId,
            }), this.opts));
            this.receivedFor(target, fromEntry(out));
        }
        catch (err) {
            if ((0,classify/* kindOf */.I)(err) === 'network' || (0,classify/* kindOf */.I)(err) === 'cancelled')
                throw err;
            this.failures.push(failureOf(secretId, err));
        }
    }
}
/**
 * Reads every requested secret with as few round trips as possible: BatchGetSecretValue (20 ids a
 * call, wildcards through its name filter) when the current version is wanted, falling back to
 * GetSecretValue per secret only when the batch call itself is denied. Long because the two ways
 * (batched and one by one) share the de-duplication of targets and the per-line hand-out of values.
 */
async function readSecrets(requests, options, deps) {
    const reader = new Reader(deps);
    const explicit = requests.filter((r) => r.id !== undefined);
    const wildcards = requests.filter((r) => r.prefix !== undefined && r.alias === undefined);
    const aliasedWildcards = requests.filter((r) => r.prefix !== undefined && r.alias !== undefined);
    const batchable = options.versionStage === 'AWSCURRENT' && options.versionId === undefined;
    /** Explicit lines, then aliased wildcards, each resolved to its one match before any value is read. */
    const explicitTargets = async () => {
        const targets = new Targets();
        for (const r of explicit)
            targets.add(r.region, r.id, r);
        for (const w of aliasedWildcards) {
            const names = await reader.listNames(w);
            if (names.length > 1)
                throw aliasMatchesSeveral(w, names.map((n) => n.name));
            if (names[0])
                targets.add(w.region, names[0].arn ?? names[0].name, w, names[0]);
        }
        return targets;
    };
    const readSingly = async () => {
        const targets = await explicitTargets();
        for (const w of wildcards)
            for (const n of await reader.listNames(w))
                targets.add(w.region, n.arn ?? n.name, w, n);
        await (0,concurrency/* mapLimit */.sf)(targets.list, CONCURRENCY, (t) => reader.single(t, options.versionStage, options.versionId), { signal: deps.signal });
    };
    const readBatched = async () => {
        const targets = await explicitTargets();
        // Wildcards first: a secret a wildcard already returned is not asked for again by name.
        for (const w of wildcards)
            await reader.batchPrefix(w);
        const fromWildcards = wildcards.flatMap((w) => reader.values.get(w) ?? []);
        for (const t of targets.list) {
            const found = fromWildcards.find((v) => regionOf(v) === t.region && matches(t.id, v));
            if (found)
                reader.receivedFor(t, found);
        }
        for (const [region, group] of targets.byRegion()) {
            const unread = group.filter((t) => !t.read);
            if (unread.length)
                await reader.batchIds(region, unread);
        }
    };
    let method = 'single';
    try {
        if (batchable) {
            method = 'batch';
            try {
                await readBatched();
            }
            catch (err) {
                if (!(0,classify/* isAccessDenied */.w7)(err))
                    throw err;
                deps.logger.warning('secrets.batch-denied', 'BatchGetSecretValue was denied; falling back to one GetSecretValue per secret (grant secretsmanager:BatchGetSecretValue for fewer round trips)', { errorCode: (0,classify/* awsErrorCode */.J6)(err) });
                method = 'single';
                reader.values.clear();
                reader.failures.length = 0;
                await readSingly();
            }
        }
        else {
            await readSingly();
        }
    }
    catch (err) {
        if (err instanceof errors/* InputError */.dz)
            throw err;
        throw (0,classify/* wrapAwsError */.AH)(err, 'Reading secrets');
    }
    for (const w of [...wildcards, ...aliasedWildcards])
        if (!reader.values.get(w)?.length)
            reader.failures.push({
                secret: `${w.prefix}*`,
                errorCode: 'NoSecretsMatched',
                kind: 'awsApi',
                message: `No secret name starts with \`${w.prefix}\` in ${w.region}.`,
            });
    for (const r of explicit)
        if (!reader.values.has(r) && !reader.failures.some((f) => f.secret === r.id))
            reader.failures.push({
                secret: r.id,
                errorCode: 'ResourceNotFoundException',
                kind: 'awsApi',
                message: `${r.id} was not returned.`,
            });
    for (const list of reader.values.values())
        list.sort((a, b) => a.name.localeCompare(b.name));
    return { values: reader.values, failures: reader.failures, requestCount: reader.requestCount, method };
}
/** Dry-run: proves every secret exists (and the wanted version does) without reading a value. */
async function describeSecrets(requests, options, deps) {
    const reader = new Reader({ ...deps, onValue: () => undefined });
    const described = [];
    const failures = [];
    /** One DescribeSecret per distinct secret, however many lines name it. */
    const describe = async ({ region, id, requests: lines }) => {
        try {
            reader.requestCount++;
            const out = await deps
                .client(region)
                .send(new dist_cjs/* DescribeSecretCommand */.X5({ SecretId: id }), { abortSignal: deps.signal });
            const versions = Object.entries(out.VersionIdsToStages ?? {});
            const version = options.versionId
                ? versions.find(([v]) => v === options.versionId)
                : versions.find(([, stages]) => stages.includes(options.versionStage));
            if (!version) {
                failures.push({
                    secret: id,
                    errorCode: 'ResourceNotFoundException',
                    kind: 'awsApi',
                    message: `${out.Name ?? id} has no version ${options.versionId ?? `in stage ${options.versionStage}`}.`,
                });
                return;
            }
            for (const request of lines)
                described.push({
                    request,
                    name: out.Name ?? id,
                    arn: out.ARN,
                    lastChanged: out.LastChangedDate,
                    versionId: version[0],
                });
        }
        catch (err) {
            if ((0,classify/* kindOf */.I)(err) === 'network' || (0,classify/* kindOf */.I)(err) === 'cancelled')
                throw (0,classify/* wrapAwsError */.AH)(err, `DescribeSecret ${id}`);
            failures.push(failureOf(id, err));
        }
    };
    try {
        const targets = new Targets();
        for (const r of requests)
            if (r.id)
                targets.add(r.region, r.id, r);
        for (const w of requests.filter((r) => r.prefix !== undefined)) {
            const names = await reader.listNames(w);
            if (!names.length)
                failures.push({
                    secret: `${w.prefix}*`,
                    errorCode: 'NoSecretsMatched',
                    kind: 'awsApi',
                    message: `No secret name starts with \`${w.prefix}\` in ${w.region}.`,
                });
            if (w.alias !== undefined && names.length > 1)
                throw aliasMatchesSeveral(w, names.map((n) => n.name));
            for (const n of names)
                targets.add(w.region, n.arn ?? n.name, w, n);
        }
        await (0,concurrency/* mapLimit */.sf)(targets.list, CONCURRENCY, describe, { signal: deps.signal });
    }
    catch (err) {
        throw err instanceof errors/* TaskError */.Ik ? err : (0,classify/* wrapAwsError */.AH)(err, 'Listing secrets');
    }
    described.sort((a, b) => requests.indexOf(a.request) - requests.indexOf(b.request) || a.name.localeCompare(b.name));
    return { described, failures, requestCount: reader.requestCount };
}

;// CONCATENATED MODULE: ./src/operations/fetch-secret/refused-names.ts

/**
 * Names a secret may not export as environment variables, because a later step, the shell, a language
 * runtime or the runner itself gives them meaning: they would let whoever writes the secret run code
 * in later steps (`BASH_ENV`, `LD_PRELOAD`, `NODE_OPTIONS`, …), redirect the runner's files
 * (`GITHUB_ENV`) or replace credentials (`AWS_*`, `GITHUB_TOKEN`). Compared without regard to case, as
 * Windows runners do. README "Secrets never reach the log" lists them; keep the two in step.
 */
const REFUSED_NAMES = [
    'PATH',
    'HOME',
    'SHELL',
    'ENV',
    'BASH_ENV',
    'IFS',
    'PS4',
    'PROMPT_COMMAND',
    'CDPATH',
    'NODE_OPTIONS',
    'NODE_PATH',
    'PYTHONPATH',
    'PYTHONSTARTUP',
    'PYTHONHOME',
    'PERL5OPT',
    'PERL5LIB',
    'PERLLIB',
    'RUBYOPT',
    'RUBYLIB',
    'JAVA_TOOL_OPTIONS',
    'JDK_JAVA_OPTIONS',
    '_JAVA_OPTIONS',
    'GIT_SSH',
    'GIT_SSH_COMMAND',
    'GIT_ASKPASS',
    'GIT_EXEC_PATH',
    'GIT_PROXY_COMMAND',
    'SSH_ASKPASS',
];
/** Name prefixes refused the same way. `AWS_` is allowed as an explicit alias (see below). */
const REFUSED_PREFIXES = [
    'BASH_FUNC_',
    'LD_',
    'DYLD_',
    'GIT_CONFIG_',
    'GITHUB_',
    'RUNNER_',
    'ACTIONS_',
    'INPUT_',
    'AWS_',
];
/**
 * Why the name may not be exported, or undefined when it may. An `AWS_*` name passes only when the
 * user wrote exactly that name as the alias (`AWS_ACCESS_KEY_ID,ci/keys`); a JSON key or a secret's
 * name never chooses one.
 */
function refusedVariableName(variable) {
    const upper = variable.name.toUpperCase();
    if (REFUSED_NAMES.includes(upper))
        return `${variable.name} is a name the shell, a runtime or the runner acts on`;
    const prefix = REFUSED_PREFIXES.find((p) => upper.startsWith(p));
    if (!prefix)
        return undefined;
    if (prefix === 'AWS_' && variable.aliasName === variable.name)
        return undefined;
    return prefix === 'AWS_'
        ? `${variable.name} would replace AWS settings or credentials of later steps; only an alias naming it exactly may export it`
        : `names starting with ${prefix} are the runner's, a loader's or a shell's`;
}
/**
 * Refuses the whole export when any name is refused: nothing is exported, written or set. The message
 * names the secret and the variable, never a value.
 */
function assertNoRefusedNames(variables) {
    for (const v of variables) {
        const why = refusedVariableName(v);
        if (why)
            throw new errors/* InputError */.dz('secret-ids', `${v.secretName} would export the variable ${v.name}, which is refused: ${why}`, 'an alias (`ALIAS,name`) that gives the secret another name, `json-keys` that leave the key out, or `export-env: false`');
    }
}

;// CONCATENATED MODULE: ./src/operations/fetch-secret/variables.ts

/** Joins name parts with `_` and makes a valid variable name: other characters become `_`, no leading digit. */
function variableName(parts, transformation) {
    let name = parts
        .filter((p) => p !== '')
        .join('_')
        .replace(/[^A-Za-z0-9_]/g, '_');
    if (/^[0-9]/.test(name) || name === '')
        name = `_${name}`;
    if (transformation === 'uppercase')
        return name.toUpperCase();
    if (transformation === 'lowercase')
        return name.toLowerCase();
    return name;
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function leafText(value) {
    return typeof value === 'string' ? value : JSON.stringify(value);
}
/** Every leaf of a JSON object as `[path, text]`; arrays are leaves (their JSON text). */
function flattenJson(value, path = []) {
    const out = [];
    for (const [key, child] of Object.entries(value)) {
        if (isObject(child))
            out.push(...flattenJson(child, [...path, key]));
        else
            out.push([[...path, key], leafText(child)]);
    }
    return out;
}
function parseJsonObject(text) {
    if (text === undefined)
        return undefined;
    const trimmed = text.trim();
    if (!trimmed.startsWith('{'))
        return undefined;
    try {
        const parsed = JSON.parse(trimmed);
        return isObject(parsed) ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * A line of pretty-printed JSON such as `{`, `  },` or `]` is structure, not secret material: masking
 * it would turn every brace in the job's log into `***` (and break `log-format: json` lines).
 */
const STRUCTURAL_LINE = /^[\s{}[\],:]*$/;
/**
 * Every string that must be masked for a secret: the whole value, each line of it, each JSON leaf
 * (and each leaf's lines), and the base64 form (and text form) of binary secrets. With `json-keys`,
 * only the selected leaves of a JSON secret are masked one by one, so harmless fields (a user name,
 * a host) are not hidden all over the log.
 */
function maskableValues(secret, jsonKeys = []) {
    const out = new Set();
    const addWithLines = (value) => {
        if (!value)
            return;
        out.add(value);
        // A value printed by a later step is often trimmed first: mask the bare form too.
        if (value.trim() && !STRUCTURAL_LINE.test(value))
            out.add(value.trim());
        if (value.includes('\n') || value.includes('\r'))
            for (const line of value.split(/\r?\n|\r/)) {
                if (STRUCTURAL_LINE.test(line))
                    continue;
                if (line)
                    out.add(line);
                if (line.trim())
                    out.add(line.trim());
            }
    };
    // An array leaf is exported as its JSON text, but a later step may print one element alone.
    const addElements = (node) => {
        if (Array.isArray(node))
            node.forEach(addElements);
        else if (isObject(node))
            Object.values(node).forEach(addElements);
        else
            addWithLines(leafText(node));
    };
    if (secret.binary)
        addWithLines(Buffer.from(secret.binary).toString('base64'));
    // Whatever `binary-encoding` says: the text (and JSON leaves) of binary bytes are masked too.
    const text = secret.text ?? utf8Text(secret.binary);
    if (text !== undefined) {
        addWithLines(text);
        const json = parseJsonObject(text);
        if (json) {
            const leaves = jsonKeys.length ? variables_select(json, jsonKeys) : flattenJson(json);
            for (const [path, leaf] of leaves) {
                addWithLines(leaf);
                const node = nodeAt(json, path);
                if (Array.isArray(node))
                    addElements(node);
            }
        }
    }
    return [...out];
}
/** Bytes as UTF-8 text, exactly (a byte-order mark is kept); undefined when they are not valid UTF-8. */
function utf8Text(bytes) {
    if (bytes === undefined)
        return undefined;
    try {
        return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    }
    catch {
        return undefined;
    }
}
/** The text a secret is exported as: its string, or (with `utf8`) its bytes decoded; base64 has none. */
function textOf(secret, encoding) {
    if (!secret.binary)
        return secret.text ?? '';
    if (encoding === 'base64')
        return undefined;
    const text = utf8Text(secret.binary);
    if (text === undefined)
        throw new errors/* InputError */.dz('binary-encoding', `the binary secret ${secret.name} is not valid UTF-8 text, so \`utf8\` cannot export it`, '`binary-encoding: base64` (files from `write-to-dir` then still get the raw bytes)');
    return text;
}
/** The node at a key path, or undefined. */
function nodeAt(json, path) {
    let node = json;
    for (const segment of path)
        node = isObject(node) ? node[segment] : undefined;
    return node;
}
/** The leaves under the selected key paths; a path this secret lacks selects nothing here. */
function variables_select(json, keys) {
    const out = [];
    for (const path of keys) {
        const node = nodeAt(json, path);
        if (node === undefined)
            continue;
        if (isObject(node))
            out.push(...flattenJson(node, path));
        else
            out.push([path, leafText(node)]);
    }
    return out;
}
/**
 * The variables one secret yields, named after `alias` or else the secret. The blank alias (`''`)
 * names a JSON secret's variables after its keys alone; for any other value it means no alias (as in
 * aws-secretsmanager-get-secrets), so no variable is ever named `_`.
 */
function variablesOf(secret, alias, source, options) {
    const name = (parts) => variableName(parts, options.transformation);
    const text = textOf(secret, options.binaryEncoding);
    const json = options.parseJson ? parseJsonObject(text) : undefined;
    if (!json) {
        // Not a JSON object: exported whole, whatever `json-keys` says (it selects keys of JSON secrets).
        const base = alias || secret.name;
        if (secret.binary)
            return [
                {
                    name: name([base]),
                    value: text ?? Buffer.from(secret.binary).toString('base64'),
                    bytes: secret.binary,
                    secretName: secret.name,
                    source,
                },
            ];
        return [{ name: name([base]), value: text ?? '', secretName: secret.name, source }];
    }
    const base = alias ?? secret.name;
    const leaves = options.jsonKeys.length ? variables_select(json, options.jsonKeys) : flattenJson(json);
    return leaves.map(([path, value]) => ({
        name: name([base, ...path]),
        value,
        secretName: secret.name,
        source,
    }));
}
/** A `json-keys` entry that no JSON secret has is a typo, not something to skip silently. */
function assertJsonKeysFound(secrets, keys, encoding) {
    const objects = secrets
        .map((s) => parseJsonObject(textOf(s, encoding)))
        .filter((j) => j !== undefined);
    for (const path of keys)
        if (!objects.some((json) => nodeAt(json, path) !== undefined))
            throw new errors/* TaskError */.Ik('awsApi', `No JSON secret read has the key \`${path.join('.')}\` named in \`json-keys\`.`, {
                errorCode: 'JsonKeyNotFound',
                hint: 'Fix `json-keys`, or add the key to the secret.',
            });
}
/**
 * The variables as exported, after naming: the one place a name is settled. The same variable from
 * two lines (one secret named twice, or by a line and a wildcard) is exported once; two different
 * values mapping to one name are an input error, never a silent overwrite.
 */
function settleVariables(variables) {
    const settled = [];
    const seen = new Map();
    for (const v of variables) {
        const other = seen.get(v.name);
        if (other && other.secretName === v.secretName && other.source !== v.source && other.value === v.value)
            continue;
        if (other)
            throw new errors/* InputError */.dz('secret-ids', other.secretName === v.secretName && other.source !== v.source
                ? `${v.secretName} is selected by ${JSON.stringify(other.source)} and ${JSON.stringify(v.source)}, which map different values to the variable ${v.name}`
                : other.secretName === v.secretName
                    ? `two keys of ${v.secretName} both map to the variable ${v.name}`
                    : `${other.secretName} and ${v.secretName} both map to the variable ${v.name}`, 'distinct aliases (`ALIAS,name`) or `name-transformation: none`');
        seen.set(v.name, v);
        settled.push(v);
    }
    return settled;
}

;// CONCATENATED MODULE: ./src/operations/fetch-secret/settings.ts




const SECRET_NAME = /^[\w/+=.@-]{1,512}$/;
const PREFIX = /^[\w/+=.@-]{1,511}\*$/;
const ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/;
function parseLine(line, defaultRegion) {
    const comma = line.indexOf(',');
    const alias = comma >= 0 ? line.slice(0, comma).trim() : undefined;
    const target = (comma >= 0 ? line.slice(comma + 1) : line).trim();
    const expected = '`name-or-arn`, `ALIAS,name-or-arn`, `prefix*` or `ALIAS,prefix*`';
    if (alias !== undefined) {
        if (alias !== '' && !ALIAS.test(alias))
            throw new errors/* InputError */.dz('secret-ids', `alias ${(0,inputs_reader/* quote */.h)(alias)} in ${(0,inputs_reader/* quote */.h)(line)} is not a valid variable name`, 'letters, digits and `_`, not starting with a digit');
    }
    if (target.endsWith('*')) {
        if (!PREFIX.test(target))
            throw new errors/* InputError */.dz('secret-ids', `${(0,inputs_reader/* quote */.h)(line)} is not a valid prefix wildcard`, '`prefix*` with a trailing `*` only');
        return { line, alias: alias || undefined, prefix: target.slice(0, -1), region: defaultRegion };
    }
    if (target.startsWith('arn:')) {
        if (!(0,arn/* isSecretArn */.Av)(target))
            throw new errors/* InputError */.dz('secret-ids', `${(0,inputs_reader/* quote */.h)(line)} is not a Secrets Manager ARN`, '`arn:<partition>:secretsmanager:<region>:<account>:secret:<name>`');
        return { line, alias, id: target, region: (0,arn/* parseArn */.Lw)(target).region };
    }
    if (!SECRET_NAME.test(target))
        throw new errors/* InputError */.dz('secret-ids', `${(0,inputs_reader/* quote */.h)(line)} is not a secret name or ARN`, expected);
    return { line, alias, id: target, region: defaultRegion };
}
/** Every fetch-secret input, checked before any request. Long because it is one check per input. */
function parseFetchSecret(reader, common) {
    const parseJson = reader.boolean('parse-json');
    const lines = [...new Set(reader.lines('secret-ids'))];
    if (lines.length === 0)
        throw new errors/* InputError */.dz('secret-ids', 'is required by `fetch-secret`', 'one secret name, ARN or `prefix*` per line');
    const requests = lines.map((line) => parseLine(line, common.region));
    const versionId = reader.string('version-id');
    const stageGiven = reader.given('version-stage');
    const versionStage = reader.string('version-stage');
    if (!/^[\w+=,.@-]{1,256}$/.test(versionStage))
        throw new errors/* InputError */.dz('version-stage', `${(0,inputs_reader/* quote */.h)(versionStage)} is not a version stage`, 'e.g. `AWSCURRENT`, `AWSPREVIOUS`');
    if (versionId !== undefined) {
        if (!/^[\w-]{32,64}$/.test(versionId))
            throw new errors/* InputError */.dz('version-id', `${(0,inputs_reader/* quote */.h)(versionId)} is not a version id`, '32–64 characters of letters, digits and `-`');
        if (stageGiven)
            throw new errors/* InputError */.dz('version-id', 'cannot be combined with `version-stage`', 'one of the two');
        if (requests.length !== 1 || !requests[0].id)
            throw new errors/* InputError */.dz('version-id', 'names a version of one secret, but `secret-ids` lists several or a wildcard', 'exactly one secret name or ARN');
    }
    const jsonKeys = reader.list('json-keys').map((k) => {
        if (!/^[^.\s]+(\.[^.\s]+)*$/.test(k))
            throw new errors/* InputError */.dz('json-keys', `${(0,inputs_reader/* quote */.h)(k)} is not a key path`, '`key` or `parent.child`');
        return k.split('.');
    });
    if (jsonKeys.length && !parseJson)
        throw new errors/* InputError */.dz('json-keys', 'only applies with `parse-json: true`');
    const transformation = reader.choice('name-transformation', ['uppercase', 'lowercase', 'none'], {
        ignoreCase: true,
    });
    const binaryEncoding = reader.choice('binary-encoding', ['utf8', 'base64']);
    // Names known before any request must not collide: two secrets never silently share a variable.
    // Two lines naming the same secret may (it is read once and exported once).
    const seen = new Map();
    for (const r of requests) {
        if (r.prefix !== undefined || r.alias === '' || (r.alias === undefined && r.id?.startsWith('arn:')))
            continue;
        const name = variableName([r.alias ?? r.id], transformation);
        const other = seen.get(name);
        if (other !== undefined && !parseJson && (other.id !== r.id || other.region !== r.region))
            throw new errors/* InputError */.dz('secret-ids', `${(0,inputs_reader/* quote */.h)(other.line)} and ${(0,inputs_reader/* quote */.h)(r.line)} both map to the variable ${name}`, 'distinct aliases');
        seen.set(name, r);
    }
    const writeToDir = reader.string('write-to-dir');
    return {
        requests,
        versionStage,
        versionId,
        parseJson,
        jsonKeys,
        transformation,
        binaryEncoding,
        exportEnv: reader.boolean('export-env'),
        setOutputs: reader.boolean('set-outputs'),
        writeToDir,
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/operations/fetch-secret/write-files.ts



/** Writes each variable to `<dir>/<NAME>` with mode 0600, refusing to follow a symlink planted there. */
async function writeVariableFiles(dir, variables) {
    await (0,promises_.mkdir)(dir, { recursive: true, mode: 0o700 });
    const paths = [];
    for (const v of variables) {
        const path = (0,external_node_path_.join)(dir, v.name);
        const handle = await (0,promises_.open)(path, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_TRUNC | external_node_fs_.constants.O_NOFOLLOW, 0o600);
        try {
            await handle.chmod(0o600);
            await handle.writeFile(v.bytes ?? v.value);
        }
        finally {
            await handle.close();
        }
        paths.push(path);
    }
    return paths;
}

;// CONCATENATED MODULE: ./src/operations/fetch-secret/index.ts










/** The step outputs a fetch-secret step sets itself; a variable output must not replace one. */
const OWN_OUTPUTS = new Set(Object.entries({ ...schema/* COMMON_OUTPUTS */.hc, ...schema/* SHARED_OUTPUTS */.Db, ...fetch_secret_schema/* FETCH_SECRET_OUTPUTS */.x })
    .filter(([, spec]) => !spec.operations || spec.operations.includes('fetch-secret'))
    .map(([name]) => name));
/** Values shorter than this mask poorly: they also hide unrelated log text. */
const SHORT_VALUE = 4;
/** Secrets named by several lines count once. */
function distinctSecrets(secrets) {
    return new Set(secrets.map((s) => s.arn ?? s.name)).size;
}
function failureError(failures) {
    const denied = failures.some((f) => f.kind === 'accessDenied');
    const list = failures.map((f) => `${f.secret}: ${f.errorCode}`).join('; ');
    return new errors/* TaskError */.Ik(denied ? 'accessDenied' : 'awsApi', `${failures.length} secret${failures.length === 1 ? '' : 's'} could not be read (${list}). Nothing was exported.`, {
        errorCode: failures.find((f) => f.kind === 'accessDenied')?.errorCode ?? failures[0].errorCode,
        hint: denied
            ? 'Grant `secretsmanager:GetSecretValue` (and `secretsmanager:BatchGetSecretValue`, plus `kms:Decrypt` for customer-managed keys) on these secrets to the role.'
            : 'Check the names in `secret-ids`, the region (`aws-region`, or the ARN’s own), and `version-stage`/`version-id`.',
    });
}
/** Dry-run names: exact when they do not depend on the value, else a pattern. */
function plannedNames(settings, request, secretName) {
    const whole = variableName([request.alias || secretName], settings.transformation);
    if (!settings.parseJson)
        return [whole];
    const base = request.alias ?? secretName;
    if (settings.jsonKeys.length)
        return settings.jsonKeys.map((k) => variableName([base, ...k], settings.transformation));
    return [`${base ? `${whole}_` : ''}* (one per JSON key, or ${whole} if not JSON)`];
}
const fetchSecret = {
    name: 'fetch-secret',
    parse: parseFetchSecret,
    async plan(ctx, settings) {
        if (!ctx.common.dryRun) {
            return {
                requestCount: 0,
                changes: settings.requests.map((r) => ({
                    action: 'read',
                    target: r.id ?? `${r.prefix}*`,
                    reason: `listed in secret-ids (${r.region})`,
                })),
            };
        }
        const { described, failures, requestCount } = await describeSecrets(settings.requests, settings, {
            client: (region) => ctx.clients.secretsManager(region),
            logger: ctx.logger,
            signal: ctx.signal,
        });
        if (failures.length)
            throw failureError(failures);
        for (const d of described)
            ctx.logger.info('secret.planned', `(dryrun) read: ${d.name}`, {
                secret: d.name,
                version: d.versionId,
                variables: plannedNames(settings, d.request, d.name),
            });
        return {
            described,
            requestCount,
            changes: described.map((d) => ({
                action: 'export',
                target: d.name,
                reason: `exists, version ${d.versionId ?? '?'} readable by name`,
            })),
        };
    },
    async apply(ctx, settings) {
        try {
            return await fetchAndExport(ctx, settings);
        }
        catch (err) {
            return {
                secrets: [],
                variables: [],
                files: [],
                requestCount: 0,
                method: 'single',
                failure: (0,classify/* asTaskError */.eJ)(err, ctx.signal),
            };
        }
    },
    report(ctx, settings, plan, result) {
        return result?.failure ? failedReport(ctx, result.failure) : describe(ctx, settings, plan, result);
    },
};
/**
 * Every secret's variables, checked: each JSON key asked for was found, the same name from several
 * lines settles to one variable (or fails when the values differ), and the names a secret's author
 * chose are not ones the runner or a shell gives meaning to.
 */
function variablesFrom(settings, values) {
    const secrets = [];
    const named = [];
    const exported = [];
    for (const request of settings.requests) {
        const aliasName = request.alias ? variableName([request.alias], settings.transformation) : undefined;
        for (const secret of values.get(request) ?? []) {
            const vars = variablesOf(secret, request.alias, request.line, settings);
            secrets.push({ request, secret, variables: vars.map((v) => v.name) });
            named.push(...vars);
            exported.push(...vars.map((v) => ({ name: v.name, secretName: v.secretName, aliasName })));
        }
    }
    assertJsonKeysFound(secrets.map((s) => s.secret), settings.jsonKeys, settings.binaryEncoding);
    const variables = settleVariables(named);
    // Before any file, variable or output is written: a refused name stops the whole export.
    if (settings.exportEnv)
        assertNoRefusedNames(exported);
    return { secrets, variables };
}
/** Reads every secret, then writes the files, then exports: a failure before the exports leaves nothing. */
async function fetchAndExport(ctx, settings) {
    const outcome = await readSecrets(settings.requests, settings, {
        client: (region) => ctx.clients.secretsManager(region),
        logger: ctx.logger,
        signal: ctx.signal,
        // Mask before anything else is written: every value, line, JSON leaf and base64 form.
        onValue: (secret) => maskableValues(secret, settings.parseJson ? settings.jsonKeys : []).forEach((v) => ctx.registerSecret(v)),
    });
    if (outcome.failures.length)
        throw failureError(outcome.failures);
    const { secrets, variables } = variablesFrom(settings, outcome.values);
    // A job cancelled while the values were in flight exports nothing.
    if (ctx.signal.aborted)
        throw new errors/* CancelledError */.cc();
    // A variable output named like one of ours (`variables` under `lowercase`) would silently replace it.
    const clash = settings.setOutputs ? variables.find((v) => OWN_OUTPUTS.has(v.name)) : undefined;
    if (clash)
        throw new errors/* InputError */.dz('secret-ids', `${clash.secretName} maps to the variable ${clash.name}, which would replace the step output of that name`, 'an alias (`ALIAS,name`), another `name-transformation`, or `set-outputs: false`');
    for (const v of variables)
        if (v.value.length < SHORT_VALUE)
            ctx.logger.warning('secret.short-value', `The value of ${v.name} is shorter than ${SHORT_VALUE} characters: masking it also hides unrelated log text, and it is weak as a secret`, {
                variable: v.name,
            });
    let files = [];
    if (settings.writeToDir) {
        try {
            files = await writeVariableFiles(settings.writeToDir, variables);
        }
        catch (err) {
            throw new errors/* TaskError */.Ik('input', `Writing secrets to \`write-to-dir\` (${settings.writeToDir}) failed: ${err.message}.`, {
                errorCode: err.code ?? 'WriteFailed',
                hint: 'Use a writable directory that is not a symlink target of another file.',
                cause: err,
            });
        }
    }
    // Files first: a failure there must not leave half the variables exported.
    if (settings.exportEnv)
        for (const v of variables)
            ctx.host.exportVariable(v.name, v.value);
    const read = distinctSecrets(secrets.map((s) => s.secret));
    ctx.logger.info('secrets.fetched', `Read ${read} secret${read === 1 ? '' : 's'} in ${outcome.requestCount} request${outcome.requestCount === 1 ? '' : 's'}; ${variables.length} variable${variables.length === 1 ? '' : 's'}`, {
        secrets: read,
        variableCount: variables.length,
        requests: outcome.requestCount,
        method: outcome.method,
        exportEnv: settings.exportEnv,
        setOutputs: settings.setOutputs,
        files: files.length,
    });
    return { secrets, variables, files, requestCount: outcome.requestCount, method: outcome.method };
}
/** A failed fetch: no value was exported, so no output but the step's own. */
function failedReport(ctx, failure) {
    return {
        headline: failure.message,
        facts: [
            ['Region', ctx.common.region],
            ['Exported to', 'nothing (the step failed before exporting)'],
        ],
        tables: [],
        notes: [],
        outputs: {},
    };
}
function describe(ctx, settings, plan, result) {
    const targets = [
        settings.exportEnv && 'env',
        settings.setOutputs && 'step outputs',
        settings.writeToDir && `files in ${settings.writeToDir}`,
    ].filter((t) => Boolean(t));
    const where = targets.length
        ? targets.join(', ')
        : 'nowhere (export-env, set-outputs and write-to-dir are all off)';
    const facts = [['Region', ctx.common.region]];
    if (!result) {
        const described = plan.described ?? [];
        const checked = new Set(described.map((d) => d.arn ?? d.name)).size;
        const names = [...new Set(described.flatMap((d) => plannedNames(settings, d.request, d.name)))];
        return {
            headline: `Plan: read ${(0,format/* count */.U9)(checked, 'secret')} (${checked === 1 ? 'it exists' : 'all exist'}), ${(0,format/* count */.U9)(names.length, 'variable')} to export`,
            callouts: ['Dry run: no secret value was read and nothing was exported.'],
            facts: [...facts, ['Would export to', where], ['Requests', String(plan.requestCount), 'runner']],
            tables: [
                {
                    title: 'Secrets to read',
                    columns: ['Secret', 'Requested as', 'Version', 'Last changed', 'Variables'],
                    rows: described.map((d) => [
                        d.name,
                        d.request.line,
                        d.versionId ?? '',
                        d.lastChanged ? (0,format/* formatTime */.fU)(d.lastChanged) : '',
                        plannedNames(settings, d.request, d.name).join(', '),
                    ]),
                    naturalSort: true,
                },
            ],
            notes: [],
            outputs: {
                'secret-count': String(checked),
                // The names known without reading a value; `*` patterns (JSON keys) are left out.
                variables: JSON.stringify(names.filter((n) => !n.includes('*'))),
            },
        };
    }
    const read = distinctSecrets(result.secrets.map((s) => s.secret));
    const outputs = {
        'secret-count': String(read),
        variables: JSON.stringify(result.variables.map((v) => v.name)),
    };
    if (settings.setOutputs)
        for (const v of result.variables)
            outputs[v.name] = v.value;
    return {
        headline: `Read ${(0,format/* count */.U9)(read, 'secret')}; ${(0,format/* count */.U9)(result.variables.length, 'variable')} exported to ${targets.length ? targets.join(', ') : 'nowhere'}`,
        facts: [
            ...facts,
            ['Exported to', where],
            [
                'Requests',
                `${result.requestCount} (${result.method === 'batch' ? 'BatchGetSecretValue' : 'GetSecretValue per secret'})`,
                'runner',
            ],
        ],
        tables: [
            {
                title: 'Secrets read',
                columns: ['Secret', 'Requested as', 'Version', 'Stages', 'Variables'],
                rows: result.secrets.map((s) => [
                    s.secret.name,
                    s.request.line,
                    s.secret.versionId ?? '',
                    s.secret.stages.join(', '),
                    s.variables.join(', '),
                ]),
                naturalSort: true,
            },
        ],
        notes: [],
        outputs,
    };
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
