import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { defaultPolicy } from './default-policy.js';
import { type PolicyIssue, parsePolicyFile } from './policy-file.js';

const full = `# ospo.yml
organization: acme          # other sections are not this loader's business
licenses:
  context: saas
  extends: default
  categories:
    LicenseRef-acme-eula: proprietary
    zed: permissive
  rules:
    - category: strong-copyleft
      contexts: [saas, internal]
      verdict: deny
      reason: some SaaS customers get on-premises installs
    - license: LGPL-2.1-only
      verdict: allow
    - license: GPL-2.0-only WITH Classpath-exception-2.0
      verdict: allow
  scopes:
    dev: ignore
  waivers:
    - id: W-12
      package: pkg:npm/left-pad
      version: ">=1.0.0 <2.0.0"
      project: payments-api
      license: WTFPL
      reason: vendored, replaced next quarter
      approver: jane@example.com
      expires: 2026-06-30
`;

function issuesOf(text: string): PolicyIssue[] {
  try {
    parsePolicyFile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ParseError);
    return (error as ParseError).details?.issues as PolicyIssue[];
  }
  throw new Error('expected the policy to be refused');
}

describe('parsePolicyFile', () => {
  it('reads every part of the licenses section', () => {
    const policy = parsePolicyFile(full);
    expect(policy.context).toBe('saas');
    expect(policy.extends).toBe('default');
    expect(policy.categories).toEqual({ 'LicenseRef-acme-eula': 'proprietary', Zed: 'permissive' });
    expect(policy.rules).toEqual([
      {
        kind: 'category',
        category: 'strong-copyleft',
        contexts: ['saas', 'internal'],
        verdict: 'deny',
        reason: 'some SaaS customers get on-premises installs',
        line: 10,
      },
      { kind: 'license', license: 'LGPL-2.1-only', verdict: 'allow', line: 14 },
      {
        kind: 'license',
        license: 'GPL-2.0-only',
        exception: 'Classpath-exception-2.0',
        verdict: 'allow',
        line: 16,
      },
    ]);
    expect(policy.scopes).toEqual({ ...defaultPolicy.scopes, dev: 'ignore' });
    expect(policy.waivers).toEqual([
      {
        id: 'W-12',
        package: 'pkg:npm/left-pad',
        version: '>=1.0.0 <2.0.0',
        project: 'payments-api',
        license: 'WTFPL',
        reason: 'vendored, replaced next quarter',
        approver: 'jane@example.com',
        expires: '2026-06-30',
      },
    ]);
  });

  it.each([
    ['an empty file', ''],
    ['no licenses section', 'organization: acme\n'],
    ['an empty licenses section', 'licenses:\n'],
  ])('gives the default policy for %s', (_name, text) => {
    expect(parsePolicyFile(text)).toEqual(defaultPolicy);
  });

  it('fills waiver defaults: every version, every project', () => {
    const policy = parsePolicyFile(
      'licenses:\n  waivers:\n    - { id: W-1, package: "@acme/*", reason: r, approver: a, expires: 2030-01-01 }\n',
    );
    expect(policy.waivers[0]).toMatchObject({ version: '*', project: '*' });
  });

  it.each<[string, string, string, number]>([
    [
      'an unknown key in the section',
      'licenses:\n  context: saas\n  rulez: []\n',
      'ERR_OSPO_POLICY_UNKNOWN_KEY',
      3,
    ],
    [
      'an unknown key in a rule',
      'licenses:\n  rules:\n    - category: permissive\n      verdict: allow\n      contxts: [saas]\n',
      'ERR_OSPO_POLICY_UNKNOWN_KEY',
      5,
    ],
    [
      'an unknown license id in categories',
      'licenses:\n  categories:\n    Apache 2: permissive\n',
      'ERR_OSPO_POLICY_UNKNOWN_LICENSE',
      3,
    ],
    [
      'an unknown license id in a rule',
      'licenses:\n  rules:\n    - license: GPL-2\n      verdict: deny\n',
      'ERR_OSPO_POLICY_UNKNOWN_LICENSE',
      3,
    ],
    [
      'an unknown exception in a rule',
      'licenses:\n  rules:\n    - license: GPL-2.0-only WITH Nope\n      verdict: deny\n',
      'ERR_OSPO_POLICY_UNKNOWN_LICENSE',
      3,
    ],
    ['an unknown category', 'licenses:\n  categories:\n    MIT: liberal\n', 'ERR_OSPO_POLICY_INVALID', 3],
    [
      'an unknown verdict',
      'licenses:\n  rules:\n    - category: permissive\n      verdict: maybe\n',
      'ERR_OSPO_POLICY_INVALID',
      4,
    ],
    ['an unknown context', 'licenses:\n  context: cloud\n', 'ERR_OSPO_POLICY_INVALID', 2],
    ['an unknown scope', 'licenses:\n  scopes:\n    test: ignore\n', 'ERR_OSPO_POLICY_UNKNOWN_KEY', 3],
    [
      'a rule with license and category',
      'licenses:\n  rules:\n    - license: MIT\n      category: permissive\n      verdict: allow\n',
      'ERR_OSPO_POLICY_INVALID',
      3,
    ],
    ['a rule with neither', 'licenses:\n  rules:\n    - verdict: allow\n', 'ERR_OSPO_POLICY_INVALID', 3],
    [
      'an expression as a rule',
      'licenses:\n  rules:\n    - license: MIT OR ISC\n      verdict: allow\n',
      'ERR_OSPO_POLICY_INVALID',
      3,
    ],
    [
      'a + in a rule',
      'licenses:\n  rules:\n    - license: Apache-2.0+\n      verdict: allow\n',
      'ERR_OSPO_POLICY_INVALID',
      3,
    ],
    ['bad YAML', 'licenses:\n  rules: [\n', 'ERR_OSPO_POLICY_YAML', 3],
    ['a duplicate key', 'licenses:\n  context: saas\n  context: internal\n', 'ERR_OSPO_POLICY_YAML', 3],
    ['a list at the top', '- licenses\n', 'ERR_OSPO_POLICY_INVALID', 1],
    [
      'a bad waiver expiry',
      'licenses:\n  waivers:\n    - { id: W, package: x, reason: r, approver: a, expires: 2026-02-30 }\n',
      'ERR_OSPO_POLICY_INVALID',
      3,
    ],
    [
      'a bad waiver range',
      'licenses:\n  waivers:\n    - { id: W, package: x, version: ">=1.x", reason: r, approver: a, expires: 2026-02-01 }\n',
      'ERR_OSPO_POLICY_INVALID',
      3,
    ],
    [
      'a waiver without approver',
      'licenses:\n  waivers:\n    - { id: W, package: x, reason: r, expires: 2026-02-01 }\n',
      'ERR_OSPO_POLICY_INVALID',
      3,
    ],
  ])('refuses %s, naming the line', (_name, text, code, line) => {
    let thrown: unknown;
    try {
      parsePolicyFile(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ParseError);
    expect(thrown).toMatchObject({ code, line });
  });

  it('names the offending key and suggests a correction', () => {
    const [issue] = issuesOf('licenses:\n  categories:\n    Apache 2: permissive\n');
    expect(issue).toMatchObject({ path: 'licenses.categories.Apache 2', line: 3, column: 5 });
    expect(issue?.message).toContain('did you mean "Apache-2.0"');
    const [unknownKey] = issuesOf('licenses:\n  rulez: []\n');
    expect(unknownKey).toMatchObject({ path: 'licenses.rulez', message: 'unknown key "rulez"' });
  });

  it('reports every problem at once, in line order, and applies nothing', () => {
    const issues = issuesOf(
      'licenses:\n  rules:\n    - license: Nope-1.0\n      verdict: deny\n  waivers:\n    - { id: A, package: x, reason: r, approver: a, expires: 2030-01-01 }\n    - { id: A, package: y, reason: r, approver: a, expires: soon }\n',
    );
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['ERR_OSPO_POLICY_UNKNOWN_LICENSE', 3],
      ['ERR_OSPO_POLICY_INVALID', 7],
      ['ERR_OSPO_POLICY_INVALID', 7],
    ]);
  });
});
