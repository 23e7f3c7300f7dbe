import { describe, expect, it } from 'vitest';
import type { Scope } from '../../core/inventory.js';
import { parseExpression } from '../../core/spdx/expression.js';
import { defaultPolicy } from './default-policy.js';
import { evaluateExpression, evaluatePackage, type PackageLicenses } from './evaluate.js';
import type { DistributionContext, LicensePolicy, Verdict } from './policy.js';
import { parsePolicyFile } from './policy-file.js';
import type { Waiver } from './waivers.js';

const now = new Date('2026-03-01T12:00:00Z');

function pkg(licenses: string[], more: Partial<PackageLicenses> = {}): PackageLicenses {
  return { ecosystem: 'npm', name: 'some-lib', version: '1.2.3', scope: 'prod', declared: licenses, ...more };
}

describe('evaluateExpression with the default policy', () => {
  it.each<[string, string, DistributionContext, Verdict, string | undefined]>([
    ['permissive everywhere', 'MIT', 'distributed-binary', 'allow', undefined],
    ['GPL denied for distributed binaries', 'GPL-3.0-only', 'distributed-binary', 'deny', undefined],
    ['GPL allowed internally', 'GPL-3.0-only', 'internal', 'allow', undefined],
    ['GPL reviewed for SaaS', 'GPL-2.0-or-later', 'saas', 'review', undefined],
    ['AGPL denied for SaaS', 'AGPL-3.0-only', 'saas', 'deny', undefined],
    ['AGPL reviewed internally', 'AGPL-3.0-only', 'internal', 'review', undefined],
    ['LGPL reviewed for distributed binaries', 'LGPL-2.1-only', 'distributed-binary', 'review', undefined],
    ['LGPL allowed for SaaS', 'LGPL-2.1-only', 'saas', 'allow', undefined],
    [
      'GPL with Classpath is weak copyleft',
      'GPL-2.0-only WITH Classpath-exception-2.0',
      'distributed-binary',
      'review',
      undefined,
    ],
    [
      'GPL with a generated-output exception stays strong',
      'GPL-2.0-or-later WITH Bison-exception-2.2',
      'distributed-binary',
      'deny',
      undefined,
    ],
    ['Apache with LLVM exception', 'Apache-2.0 WITH LLVM-exception', 'library', 'allow', undefined],
    ['non-commercial denied even internally', 'CC-BY-NC-4.0', 'internal', 'deny', undefined],
    ['proprietary denied', 'BUSL-1.1', 'saas', 'deny', undefined],
    ['an uncategorized LicenseRef is reviewed', 'LicenseRef-acme', 'saas', 'review', undefined],
    ['OR elects the acceptable choice', 'GPL-2.0-only OR MIT', 'distributed-binary', 'allow', 'MIT'],
    [
      'OR prefers the least demanding of equal verdicts',
      'GPL-2.0-or-later OR Apache-2.0',
      'internal',
      'allow',
      'Apache-2.0',
    ],
    ['OR breaks full ties by order', 'MIT OR ISC', 'saas', 'allow', 'MIT'],
    [
      'OR with no good choice takes the least bad',
      'AGPL-3.0-only OR GPL-3.0-only',
      'saas',
      'review',
      'GPL-3.0-only',
    ],
    ['AND needs all', 'MIT AND GPL-3.0-only', 'distributed-binary', 'deny', undefined],
    ['AND takes the worst', 'MIT AND LGPL-2.1-only', 'distributed-binary', 'review', undefined],
    [
      'nested choices',
      '(MIT OR GPL-2.0-only) AND (LGPL-2.1-only OR BSD-3-Clause)',
      'library',
      'allow',
      'MIT AND BSD-3-Clause',
    ],
    [
      'a choice inside AND that fails',
      'MIT AND (GPL-2.0-only OR AGPL-3.0-only)',
      'distributed-binary',
      'deny',
      'MIT AND GPL-2.0-only',
    ],
    [
      'deprecated ids are read as current',
      'GPL-2.0-with-classpath-exception',
      'distributed-binary',
      'review',
      undefined,
    ],
  ])('%s: %s in %s -> %s', (_name, text, context, verdict, elected) => {
    const outcome = evaluateExpression(parseExpression(text), defaultPolicy, context);
    expect(outcome.verdict).toBe(verdict);
    expect(outcome.elected).toBe(elected);
  });

  it('gives a reason per license of the elected choice', () => {
    const outcome = evaluateExpression(
      parseExpression('GPL-2.0-only WITH Classpath-exception-2.0 OR AGPL-3.0-only'),
      defaultPolicy,
      'saas',
    );
    expect(outcome.reasons).toEqual([
      {
        license: 'GPL-2.0-only WITH Classpath-exception-2.0',
        category: 'weak-copyleft',
        baseCategory: 'strong-copyleft',
        exception: { id: 'Classpath-exception-2.0', effect: 'linking' },
        verdict: 'allow',
        rule: {
          source: 'default',
          index: expect.any(Number),
          description: 'category weak-copyleft in saas: allow',
        },
      },
    ]);
  });
});

describe('policy rules', () => {
  const policy = parsePolicyFile(`licenses:
  context: distributed-binary
  categories:
    LicenseRef-acme-eula: proprietary
  rules:
    - license: LicenseRef-acme-eula
      verdict: allow
      reason: we bought it
    - license: GPL-2.0-only
      verdict: deny
    - license: GPL-2.0-only WITH Classpath-exception-2.0
      verdict: allow
    - category: weak-copyleft
      verdict: review
    - category: weak-copyleft
      contexts: [distributed-binary]
      verdict: allow
    - license: Apache-2.0
      contexts: [saas]
      verdict: deny
`);

  it.each<[string, string, DistributionContext, Verdict, string]>([
    [
      'a license rule beats its category',
      'LicenseRef-acme-eula',
      'distributed-binary',
      'allow',
      'license LicenseRef-acme-eula: allow',
    ],
    [
      'a plain license rule covers the license with any exception',
      'GPL-2.0-only WITH Font-exception-2.0',
      'internal',
      'deny',
      'license GPL-2.0-only: deny',
    ],
    [
      'a rule with the exception beats the plain one',
      'GPL-2.0-only WITH Classpath-exception-2.0',
      'internal',
      'allow',
      'license GPL-2.0-only WITH Classpath-exception-2.0: allow',
    ],
    ['a license rule covers X+', 'Apache-2.0+', 'saas', 'deny', 'license Apache-2.0 in saas: deny'],
    [
      'a rule for one context does not apply in others',
      'Apache-2.0',
      'internal',
      'allow',
      'category permissive in internal: allow',
    ],
    [
      'a context rule beats a general one',
      'MPL-2.0',
      'distributed-binary',
      'allow',
      'category weak-copyleft in distributed-binary: allow',
    ],
    ['the general one applies elsewhere', 'MPL-2.0', 'saas', 'review', 'category weak-copyleft: review'],
    [
      'built-in rules fill the rest',
      'AGPL-3.0-only',
      'saas',
      'deny',
      'category network-copyleft in saas: deny',
    ],
  ])('%s', (_name, text, context, verdict, description) => {
    const outcome = evaluateExpression(parseExpression(text), policy, context);
    expect(outcome.verdict).toBe(verdict);
    expect(outcome.reasons[0]?.rule.description).toBe(description);
  });

  it('with extends: none, what no rule covers is reviewed', () => {
    const only = parsePolicyFile(
      'licenses:\n  extends: none\n  rules:\n    - category: permissive\n      verdict: allow\n',
    );
    expect(evaluateExpression(parseExpression('MIT'), only).verdict).toBe('allow');
    const outcome = evaluateExpression(parseExpression('GPL-3.0-only'), only);
    expect(outcome.verdict).toBe('review');
    expect(outcome.reasons[0]?.rule.source).toBe('none');
  });

  it('keeps the reason and the rule index', () => {
    const outcome = evaluateExpression(parseExpression('LicenseRef-acme-eula'), policy, 'saas');
    expect(outcome.reasons[0]?.rule).toMatchObject({ source: 'policy', index: 0, reason: 'we bought it' });
  });
});

describe('evaluatePackage', () => {
  it('reads junk leniently and reports the corrections', () => {
    const verdict = evaluatePackage(pkg(['Apache 2', 'MIT/X11']), { policy: defaultPolicy, now });
    expect(verdict).toMatchObject({
      verdict: 'allow',
      expression: 'Apache-2.0 AND MIT',
      context: 'distributed-binary',
    });
    expect(verdict.corrections.map((c) => [c.from, c.to])).toEqual([
      ['Apache 2', 'Apache-2.0'],
      ['MIT/X11', 'MIT'],
    ]);
  });

  it.each<[string, Partial<PackageLicenses>, string, Verdict]>([
    ['no license at all is unknown', { declared: [] }, 'LicenseRef-ospo-unknown', 'review'],
    ['blank strings count as nothing', { declared: ['  '] }, 'LicenseRef-ospo-unknown', 'review'],
    ['unreadable text is unknown', { declared: ['Frobnicate License'] }, 'LicenseRef-ospo-unknown', 'review'],
    ['declared ones are ANDed', { declared: ['MIT', 'GPL-3.0-only'] }, 'MIT AND GPL-3.0-only', 'deny'],
    ['a declared OR stays a choice', { declared: ['MIT OR GPL-3.0-only'] }, 'MIT OR GPL-3.0-only', 'allow'],
    [
      'declared and detected are ANDed',
      { declared: ['MIT'], detected: 'LGPL-2.1-only' },
      'MIT AND LGPL-2.1-only',
      'review',
    ],
    ['detected alone', { declared: undefined, detected: 'ISC' }, 'ISC', 'allow'],
    ['the same license twice counts once', { declared: ['MIT'], detected: 'MIT' }, 'MIT', 'allow'],
    ['npm UNLICENSED is proprietary', { declared: ['UNLICENSED'] }, 'LicenseRef-ospo-proprietary', 'deny'],
  ])('%s', (_name, more, expression, verdict) => {
    const result = evaluatePackage(pkg([], more), { policy: defaultPolicy, now });
    expect(result.expression).toBe(expression);
    expect(result.verdict).toBe(verdict);
  });

  it('lists what it could not read', () => {
    const result = evaluatePackage(pkg(['MIT', 'Frobnicate License']), { policy: defaultPolicy, now });
    expect(result.unrecognized).toEqual(['Frobnicate License']);
    expect(result.reasons.map((r) => [r.license, r.category])).toEqual([
      ['MIT', 'permissive'],
      ['LicenseRef-ospo-unknown', 'unknown'],
    ]);
  });

  it.each<[Scope, DistributionContext, Verdict]>([
    ['prod', 'distributed-binary', 'deny'],
    ['dev', 'internal', 'allow'],
    ['optional', 'distributed-binary', 'deny'],
  ])('judges a GPL %s dependency in the %s context by default', (scope, context, verdict) => {
    const result = evaluatePackage(pkg(['GPL-3.0-only'], { scope }), { policy: defaultPolicy, now });
    expect([result.context, result.verdict]).toEqual([context, verdict]);
  });

  it('still denies a non-commercial dev dependency', () => {
    const result = evaluatePackage(pkg(['CC-BY-NC-4.0'], { scope: 'dev' }), { policy: defaultPolicy, now });
    expect(result.verdict).toBe('deny');
  });

  it('allows anything in an ignored scope', () => {
    const policy: LicensePolicy = { ...defaultPolicy, scopes: { ...defaultPolicy.scopes, dev: 'ignore' } };
    const result = evaluatePackage(pkg(['CC-BY-NC-4.0'], { scope: 'dev' }), { policy, now });
    expect(result.verdict).toBe('allow');
    expect(result.reasons[0]?.rule).toEqual({ source: 'scope', description: 'scope dev: ignore' });
  });

  it("uses the project's context over the policy's", () => {
    const saas = evaluatePackage(pkg(['AGPL-3.0-only']), { policy: defaultPolicy, context: 'internal', now });
    expect([saas.context, saas.verdict]).toEqual(['internal', 'review']);
  });

  describe('waivers', () => {
    const waiver: Waiver = {
      id: 'W-1',
      package: 'some-lib',
      version: '1.x',
      project: 'payments',
      reason: 'replacing it',
      approver: 'legal@example.com',
      expires: '2026-03-31',
    };

    it('turns a deny into an allow and says which waiver did', () => {
      const result = evaluatePackage(pkg(['GPL-3.0-only']), {
        policy: defaultPolicy,
        project: 'payments',
        waivers: [waiver],
        now,
      });
      expect(result).toMatchObject({ verdict: 'allow', waived: 'W-1', unwaivedVerdict: 'deny' });
    });

    it.each<[string, Partial<Parameters<typeof evaluatePackage>[1]>, Partial<PackageLicenses>]>([
      ['after it expires', { now: new Date('2026-04-01T00:00:00Z') }, {}],
      ['for another project', { project: 'billing' }, {}],
      ['without a project', { project: undefined }, {}],
      ['for another version', {}, { version: '2.0.0' }],
      ['for another package', {}, { name: 'other-lib' }],
    ])('does not apply %s', (_name, options, more) => {
      const result = evaluatePackage(pkg(['GPL-3.0-only'], more), {
        policy: defaultPolicy,
        project: 'payments',
        waivers: [waiver],
        now,
        ...options,
      });
      expect(result.verdict).toBe('deny');
      expect(result.waived).toBeUndefined();
    });

    it('applies the waivers written in the policy', () => {
      const policy: LicensePolicy = { ...defaultPolicy, waivers: [{ ...waiver, project: '*' }] };
      expect(evaluatePackage(pkg(['GPL-3.0-only']), { policy, now }).waived).toBe('W-1');
    });

    it('stops covering a package whose license changed, when it names the license', () => {
      const named = { ...waiver, license: 'GPL-3.0-only' };
      const same = evaluatePackage(pkg(['GPL-3.0-only']), {
        policy: defaultPolicy,
        project: 'payments',
        waivers: [named],
        now,
      });
      const changed = evaluatePackage(pkg(['AGPL-3.0-only']), {
        policy: defaultPolicy,
        project: 'payments',
        waivers: [named],
        now,
      });
      expect([same.verdict, changed.verdict]).toEqual(['allow', 'deny']);
    });

    it('is not consulted for an allowed package', () => {
      const result = evaluatePackage(pkg(['MIT']), {
        policy: defaultPolicy,
        project: 'payments',
        waivers: [waiver],
        now,
      });
      expect(result.waived).toBeUndefined();
    });
  });
});
