/**
 * The copy-paste AWS templates under docs/aws/ (CloudFormation and Terraform): parsed and checked for
 * the structure that makes them safe and complete, without AWS. cfn-lint and terraform validate are
 * not needed: what matters here is that the trust policy is narrow, every policy is least privilege,
 * every reference resolves, and the two templates grant the same actions per operation.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { OPERATIONS } from '../../src/operations/schema.js';

const cfnText = readFileSync(new URL('../../docs/aws/github-oidc.cfn.yaml', import.meta.url), 'utf8');
const tfText = readFileSync(new URL('../../docs/aws/github-oidc.tf', import.meta.url), 'utf8');
const docs = readFileSync(new URL('../../docs/aws/README.md', import.meta.url), 'utf8');

type Node = unknown;
type Obj = Record<string, Node>;
const isObj = (v: Node): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Template {
  Parameters: Record<string, Obj>;
  Conditions: Record<string, Node>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Obj }>;
  Outputs: Record<string, Obj>;
}
const cfn = parse(cfnText) as Template;

/** Every node of a tree, depth first. */
function* walk(node: Node): Generator<Node> {
  yield node;
  if (Array.isArray(node)) for (const n of node) yield* walk(n);
  else if (isObj(node)) for (const v of Object.values(node)) yield* walk(v);
}

/** `Fn::If: [cond, then, else]` → `then` (the branch that applies when the operation is enabled). */
function enabled(node: Node): Node {
  if (isObj(node) && 'Fn::If' in node) return enabled((node['Fn::If'] as Node[])[1]);
  if (Array.isArray(node)) return node.map(enabled);
  if (isObj(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, enabled(v)]));
  return node;
}

const role = cfn.Resources.Role!;
const policies = new Map(
  (role.Properties.Policies as Node[]).map((p) => {
    const policy = enabled(p) as { PolicyName: string; PolicyDocument: { Statement: Obj[] } };
    return [policy.PolicyName, policy.PolicyDocument.Statement];
  }),
);
const actionsOf = (statements: Obj[]): string[] =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? (s.Action as string[]) : [s.Action as string])).sort();

describe('CloudFormation template', () => {
  it('is a template with parameters, conditions, resources and the role ARN as output', () => {
    expect(Object.keys(cfn)).toEqual(
      expect.arrayContaining([
        'AWSTemplateFormatVersion',
        'Parameters',
        'Conditions',
        'Resources',
        'Outputs',
      ]),
    );
    expect(cfn.Outputs.RoleArn!.Value).toEqual({ 'Fn::GetAtt': ['Role', 'Arn'] });
  });

  it('every Ref, Fn::Sub variable, Fn::If condition and resource condition resolves', () => {
    const names = new Set([...Object.keys(cfn.Parameters), ...Object.keys(cfn.Resources)]);
    const pseudo = new Set(['AWS::Partition', 'AWS::Region', 'AWS::AccountId', 'AWS::NoValue']);
    const conditions = new Set(Object.keys(cfn.Conditions));
    const unresolved: string[] = [];
    for (const node of walk(cfn)) {
      if (!isObj(node)) continue;
      if (typeof node.Ref === 'string' && !names.has(node.Ref) && !pseudo.has(node.Ref))
        unresolved.push(`Ref ${node.Ref}`);
      if (typeof node['Fn::Sub'] === 'string')
        for (const [, v] of node['Fn::Sub'].matchAll(/\$\{([^}]+)\}/g))
          if (!names.has(v!) && !pseudo.has(v!)) unresolved.push(`Sub ${v}`);
      if (Array.isArray(node['Fn::If']) && !conditions.has(node['Fn::If'][0] as string))
        unresolved.push(`If ${String(node['Fn::If'][0])}`);
    }
    for (const [name, r] of Object.entries(cfn.Resources))
      if (r.Condition && !conditions.has(r.Condition)) unresolved.push(`${name}.Condition ${r.Condition}`);
    expect(unresolved).toEqual([]);
  });

  it('the OIDC provider is GitHub’s, for the STS audience', () => {
    const provider = cfn.Resources.GitHubOidcProvider!;
    expect(provider.Type).toBe('AWS::IAM::OIDCProvider');
    expect(provider.Properties.Url).toBe('https://token.actions.githubusercontent.com');
    expect(provider.Properties.ClientIdList).toEqual(['sts.amazonaws.com']);
  });

  it('the role trusts only web identities with the STS audience and a sub of this repository', () => {
    expect(role.Type).toBe('AWS::IAM::Role');
    const trust = role.Properties.AssumeRolePolicyDocument as { Statement: Obj[] };
    expect(trust.Statement).toHaveLength(1);
    const [statement] = trust.Statement as [Obj];
    expect(statement.Effect).toBe('Allow');
    expect(statement.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(statement.Condition).toEqual({
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: {
        'token.actions.githubusercontent.com:sub': {
          'Fn::Sub': 'repo:${GitHubOrg}/${GitHubRepo}:${SubjectClaim}',
        },
      },
    });
  });

  it('one policy per operation, each only under its own condition', () => {
    expect([...policies.keys()].sort()).toEqual([...OPERATIONS].sort());
    const conditionOf = (p: Node): string => (p as { 'Fn::If': [string] })['Fn::If'][0];
    expect((role.Properties.Policies as Node[]).map(conditionOf).sort()).toEqual(
      ['EnsureBucket', 'FetchSecret', 'Prune', 'UploadArtifact'].sort(),
    );
  });

  it('least privilege: no wildcard action; `*` resources only for the calls that take no resource', () => {
    for (const [name, statements] of policies)
      for (const s of statements) {
        expect([name, actionsOf([s]).filter((a) => a.includes('*'))]).toEqual([name, []]);
        expect(s.Effect).toBe('Allow');
        if (s.Resource === '*')
          expect(actionsOf([s])).toEqual([
            'secretsmanager:BatchGetSecretValue',
            'secretsmanager:ListSecrets',
          ]);
      }
    // Deletes reach only objects under the prefix, never the bucket itself.
    const deletes = policies.get('prune')!.find((s) => actionsOf([s]).includes('s3:DeleteObject'))!;
    expect(deletes.Resource).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${BucketName}/${KeyPrefix}*' });
  });
});

describe('Terraform template', () => {
  /** The action strings of each `aws_iam_role_policy` block, by policy name. */
  function tfPolicies(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    const blocks = tfText.split(/^resource "aws_iam_role_policy" /m).slice(1);
    for (const block of blocks) {
      const body = block.split(/^}/m)[0]!;
      const name = /^\s*name\s*=\s*"([^"]+)"/m.exec(body)![1]!;
      const actions = [...body.matchAll(/\bAction\s*=\s*(\[[^\]]*\]|"[^"]*")/g)].flatMap((m) =>
        [...m[1]!.matchAll(/"([^"]+)"/g)].map((a) => a[1]!),
      );
      out.set(name, [...new Set(actions)].sort());
    }
    return out;
  }

  it('grants each operation exactly the actions of the CloudFormation template', () => {
    const tf = tfPolicies();
    expect([...tf.keys()].sort()).toEqual([...OPERATIONS].sort());
    for (const [name, statements] of policies)
      expect([name, tf.get(name)]).toEqual([name, [...new Set(actionsOf(statements))].sort()]);
  });

  it('creates GitHub’s provider unless one is given, and trusts the same audience and subject', () => {
    expect(tfText).toContain('url            = "https://token.actions.githubusercontent.com"');
    expect(tfText).toContain('client_id_list = ["sts.amazonaws.com"]');
    expect(tfText).toMatch(/count\s+= var\.existing_oidc_provider_arn == "" \? 1 : 0/);
    expect(tfText).toContain('"token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"');
    expect(tfText).toContain(
      '"token.actions.githubusercontent.com:sub" = "repo:${var.github_org}/${var.github_repo}:${var.subject_claim}"',
    );
    expect(tfText).toMatch(/output "role_arn"/);
  });

  it('balanced braces and brackets, every var.x declared', () => {
    const code = tfText.replace(/#.*$/gm, '').replace(/"(?:[^"\\]|\\.)*"/g, '""');
    for (const [open, close] of [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ] as const)
      expect(code.split(open).length).toBe(code.split(close).length);
    const declared = new Set([...tfText.matchAll(/^variable "([a-z_]+)"/gm)].map((m) => m[1]));
    const used = new Set([...tfText.matchAll(/\bvar\.([a-z_]+)/g)].map((m) => m[1]));
    expect([...used].filter((v) => !declared.has(v))).toEqual([]);
  });
});

describe('docs/aws/README.md', () => {
  it('lists the same actions per operation as the templates', () => {
    for (const [name, statements] of policies) {
      const section = docs.split(/^## /m).find((s) => s.startsWith(name))!;
      expect([name, section]).toEqual([name, expect.any(String)]);
      for (const action of actionsOf(statements))
        expect([name, section.includes(`"${action}"`)]).toEqual([name, true]);
    }
  });
});
