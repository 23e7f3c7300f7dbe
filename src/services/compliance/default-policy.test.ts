import { describe, expect, it } from 'vitest';
import { scopes } from '../../core/inventory.js';
import { licenseCategories } from '../../core/spdx/categories.js';
import { defaultMatrix, defaultPolicy, defaultRules } from './default-policy.js';
import { distributionContexts } from './policy.js';

describe('the default policy', () => {
  it('has exactly one rule per category and context', () => {
    expect(defaultRules).toHaveLength(licenseCategories.length * distributionContexts.length);
    for (const category of licenseCategories) {
      for (const context of distributionContexts) {
        const matching = defaultRules.filter((r) => r.category === category && r.contexts?.includes(context));
        expect(matching, `${category} in ${context}`).toHaveLength(1);
        expect(matching[0]?.verdict).toBe(defaultMatrix[category][context]);
      }
    }
  });

  it.each([
    ['permissive', 'allow'],
    ['public-domain', 'allow'],
    ['non-commercial', 'deny'],
    ['proprietary', 'deny'],
    ['unknown', 'review'],
  ] as const)('%s is %s in every context', (category, verdict) => {
    for (const context of distributionContexts) expect(defaultMatrix[category][context]).toBe(verdict);
  });

  it('denies strong copyleft in distributed binaries and network copyleft in SaaS', () => {
    expect(defaultMatrix['strong-copyleft']['distributed-binary']).toBe('deny');
    expect(defaultMatrix['network-copyleft'].saas).toBe('deny');
    expect(defaultMatrix['weak-copyleft']['distributed-binary']).toBe('review');
  });

  it('handles every scope, evaluating dev dependencies as internal', () => {
    expect(Object.keys(defaultPolicy.scopes).sort()).toEqual([...scopes].sort());
    expect(defaultPolicy.scopes.dev).toBe('internal');
    expect(defaultPolicy.scopes.prod).toBe('evaluate');
  });
});
