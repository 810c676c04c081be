/**
 * moto with IAM policy enforcement, for the denied-permission tests.
 *
 * moto checks signatures and identity policies only after its first `INITIAL_NO_AUTH_ACTION_COUNT`
 * requests: the setup below spends exactly that many on IAM calls (users, access keys, roles and their
 * policies), so the first request after it — the test's or the action's — is already enforced. An
 * admin user (allowed everything) seeds buckets and secrets afterwards with signed requests.
 *
 * moto never evaluates a role's trust policy for AssumeRoleWithWebIdentity, and under enforcement it
 * cannot even answer that call (it is unsigned, and moto's check reads the missing Authorization
 * header: HTTP 500). `startWebIdentityTrust` stands in front of moto for that one call and does what
 * STS documents: it evaluates the role's trust policy against the token's claims, answers the
 * documented `AccessDenied` when no statement allows it, and otherwise forwards the call signed by
 * the admin (whose identity policy allows it), so moto mints the role's credentials. Every other
 * request passes through untouched.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { startMoto, type Moto } from '../support/moto.js';
import { closeServer, listen } from './harness.js';

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: string | string[];
  Principal?: { AWS?: string | string[]; Federated?: string | string[] };
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export const policy = (...Statement: PolicyStatement[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement,
});

export interface UserSpec {
  name: string;
  policy: PolicyDocument;
}

export interface RoleSpec {
  name: string;
  trust: PolicyDocument;
  policy: PolicyDocument;
}

export interface EnforcingMoto {
  moto: Moto;
  /** Access keys of each user, by name. */
  keys: Record<string, Keys>;
  /** IAM calls made before enforcement began (= INITIAL_NO_AUTH_ACTION_COUNT). */
  setupCalls: number;
}

/** A region and fake key that moto accepts while it does not enforce yet. */
const SETUP_AUTH =
  'AWS4-HMAC-SHA256 Credential=AKIASETUPONLY0000000/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0';

type IamCall = Record<string, string>;

function setupCallsFor(users: UserSpec[], roles: RoleSpec[]): IamCall[] {
  return [
    ...users.flatMap((u): IamCall[] => [
      { Action: 'CreateUser', UserName: u.name },
      { Action: 'CreateAccessKey', UserName: u.name },
      {
        Action: 'PutUserPolicy',
        UserName: u.name,
        PolicyName: `${u.name}-policy`,
        PolicyDocument: JSON.stringify(u.policy),
      },
    ]),
    ...roles.flatMap((r): IamCall[] => [
      { Action: 'CreateRole', RoleName: r.name, AssumeRolePolicyDocument: JSON.stringify(r.trust) },
      {
        Action: 'PutRolePolicy',
        RoleName: r.name,
        PolicyName: `${r.name}-policy`,
        PolicyDocument: JSON.stringify(r.policy),
      },
    ]),
  ];
}

/** One IAM Query API call, as the setup sends it (unsigned: moto does not check it yet). */
async function iam(endpoint: string, call: IamCall): Promise<{ status: number; body: string }> {
  const res = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: SETUP_AUTH },
    body: new URLSearchParams({ Version: '2010-05-08', ...call }),
  });
  return { status: res.status, body: await res.text() };
}

const tag = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

/**
 * Starts moto with enforcement after exactly the setup's IAM calls, makes them, and proves that the
 * next request is enforced (an unknown key is refused).
 */
export async function startEnforcingMoto(users: UserSpec[], roles: RoleSpec[]): Promise<EnforcingMoto> {
  const calls = setupCallsFor(users, roles);
  const moto = await startMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: String(calls.length) } });
  try {
    const keys: Record<string, Keys> = {};
    for (const call of calls) {
      const { status, body } = await iam(moto.endpoint, call);
      if (status !== 200) throw new Error(`IAM ${call.Action} answered ${status}: ${body}`);
      if (call.Action === 'CreateAccessKey')
        keys[call.UserName!] = {
          accessKeyId: tag(body, 'AccessKeyId')!,
          secretAccessKey: tag(body, 'SecretAccessKey')!,
        };
    }
    const probe = await iam(moto.endpoint, { Action: 'ListUsers' });
    if (probe.status !== 403 || tag(probe.body, 'Code') !== 'InvalidClientTokenId')
      throw new Error(
        `moto does not enforce IAM after ${calls.length} setup calls: ListUsers answered ${probe.status}`,
      );
    return { moto, keys, setupCalls: calls.length };
  } catch (err) {
    await moto.stop();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------
// AssumeRoleWithWebIdentity as STS documents it

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : [v].flat());

/** IAM's `*` and `?` wildcards (StringLike, actions). */
function like(pattern: string, value: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(value);
}

/** The claims of a JWT (unverified: moto's tokens are not signed). */
function claimsOf(token: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return {};
  }
}

/**
 * Whether a trust policy lets a web identity token assume the role: an `Allow` statement for
 * `sts:AssumeRoleWithWebIdentity` whose `Federated` principal is the token issuer's OIDC provider and
 * whose `StringEquals`/`StringLike` conditions on `<issuer>:aud` and `<issuer>:sub` hold; no `Deny`
 * matching it. Other condition operators are not understood and never match.
 */
export function trustAllowsWebIdentity(trust: PolicyDocument, account: string, token: string): boolean {
  const claims = claimsOf(token);
  const issuer = String(claims.iss ?? '').replace(/^https:\/\//, '');
  const provider = `arn:aws:iam::${account}:oidc-provider/${issuer}`;
  const context: Record<string, string> = {
    [`${issuer}:aud`]: String(claims.aud ?? ''),
    [`${issuer}:sub`]: String(claims.sub ?? ''),
  };
  const applies = (s: PolicyStatement): boolean =>
    list(s.Action).some((a) => like(a, 'sts:AssumeRoleWithWebIdentity')) &&
    list(s.Principal?.Federated).includes(provider) &&
    Object.entries(s.Condition ?? {}).every(([operator, tests]) =>
      Object.entries(tests).every(([key, expected]) => {
        const actual = context[key];
        if (actual === undefined) return false;
        if (operator === 'StringEquals') return list(expected).includes(actual);
        if (operator === 'StringLike') return list(expected).some((p) => like(p, actual));
        return false;
      }),
    );
  const matching = trust.Statement.filter(applies);
  return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny');
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** Signature Version 4 headers for a form POST to `/` of `service` (what moto recomputes and compares). */
export function signFormPost(
  host: string,
  body: string,
  keys: Keys,
  region: string,
  service: string,
): Record<string, string> {
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    host,
    'x-amz-date': amzDate,
  };
  const names = Object.keys(headers).sort();
  const canonical = [
    'POST',
    '/',
    '',
    ...names.map((n) => `${n}:${headers[n]}`),
    '',
    names.join(';'),
    sha256(body),
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${keys.secretAccessKey}`, day), region), service), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${keys.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}

export interface TrustFront {
  endpoint: string;
  /** The AssumeRoleWithWebIdentity calls it answered itself, refused. */
  refused: Array<{ roleArn: string; status: number }>;
  close(): Promise<void>;
}

/** STS's documented answer when no trust policy statement allows the call. */
const ACCESS_DENIED_XML = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message></Error><RequestId>${randomBytes(8).toString('hex')}</RequestId></ErrorResponse>`;

/**
 * The loopback front described at the top of this file. `trusts` holds each role's trust policy by
 * ARN (the same documents the setup gave moto).
 */
export async function startWebIdentityTrust(options: {
  target: string;
  account: string;
  region: string;
  signer: Keys;
  trusts: Record<string, PolicyDocument>;
}): Promise<TrustFront> {
  const upstream = new URL(options.target);
  const refused: TrustFront['refused'] = [];
  const forward = (
    method: string,
    path: string,
    headers: IncomingHttpHeaders | Record<string, string>,
    body: Buffer,
    res: ServerResponse,
  ): void => {
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method, path, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', (err) => res.writeHead(502).end(String(err)));
    out.end(body);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '/';
      const form =
        req.method === 'POST' && !req.headers['x-amz-target']
          ? new URLSearchParams(body.toString())
          : undefined;
      if (form?.get('Action') !== 'AssumeRoleWithWebIdentity') {
        forward(req.method ?? 'GET', path, req.headers, body, res);
        return;
      }
      const roleArn = form.get('RoleArn') ?? '';
      const trust = options.trusts[roleArn];
      if (!trust || !trustAllowsWebIdentity(trust, options.account, form.get('WebIdentityToken') ?? '')) {
        refused.push({ roleArn, status: 403 });
        res.writeHead(403, { 'content-type': 'text/xml' }).end(ACCESS_DENIED_XML);
        return;
      }
      const text = body.toString();
      const headers = signFormPost(upstream.host, text, options.signer, options.region, 'sts');
      forward('POST', '/', { ...headers, 'content-length': String(body.length) }, body, res);
    });
  });
  const port = await listen(server);
  return { endpoint: `http://127.0.0.1:${port}`, refused, close: () => closeServer(server) };
}
