import { describe, expect, it } from 'vitest';
import { OspoError } from '../../core/errors.js';
import { parseVersionRange, versionInRange } from './version-range.js';
import { findWaiver, type Waiver, type WaiverTarget, waiverApplies, waiverExpiresAt } from './waivers.js';

const base: Waiver = {
  id: 'W-1',
  package: '*',
  version: '*',
  project: '*',
  reason: 'r',
  approver: 'a',
  expires: '2026-06-30',
};
const target: WaiverTarget = { ecosystem: 'npm', name: '@acme/ui', version: '1.4.0', project: 'shop' };
const now = new Date('2026-06-01T00:00:00Z');

describe('versionInRange', () => {
  it.each<[string, string | null, boolean]>([
    ['*', '1.2.3', true],
    ['*', null, true],
    ['x', '0.0.1', true],
    ['1.2.3', '1.2.3', true],
    ['1.2', '1.2.0', true],
    ['1.2.3', '1.2.4', false],
    ['1.2.3-beta.1', '1.2.3-beta.1', true],
    ['>=1.2 <2', '1.9.9', true],
    ['>=1.2 <2', '2.0.0', false],
    ['>=1.2 <2', '1.1.9', false],
    ['>1.0.0', '1.0.0', false],
    ['<=1.0', '1.0.0', true],
    ['=1.0', '1.0.0', true],
    ['1.x', '1.99.0', true],
    ['1.x', '2.0.0', false],
    ['1.2.x', '1.2.7', true],
    ['1.2.x', '1.3.0', false],
    ['^1.2.3', '1.9.0', true],
    ['^1.2.3', '2.0.0', false],
    ['^0.2.3', '0.2.9', true],
    ['^0.2.3', '0.3.0', false],
    ['~1.2.3', '1.2.9', true],
    ['~1.2.3', '1.3.0', false],
    ['<1 || >=3', '3.1', true],
    ['<1 || >=3', '2.0', false],
    ['v1.0.0', 'v1.0.0', true],
    ['>=1.0', 'v1.5.0', true],
    ['>=1.0 <2.0', '1.5.0-beta', false],
    ['>=1.0', '2.0.RELEASE', false],
    ['>=1.0', null, false],
    ['1.10', '1.9', false],
  ])('%s contains %s: %s', (range, version, expected) => {
    expect(versionInRange(version, range)).toBe(expected);
  });

  it.each(['', '>=', '>=1.x', '1.0 ||', '^latest'])('refuses %j with a coded error', (range) => {
    let thrown: unknown;
    try {
      parseVersionRange(range);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OspoError);
    expect((thrown as OspoError).code).toBe('ERR_OSPO_WAIVER_VERSION_RANGE');
  });
});

describe('waiverApplies', () => {
  it.each<[string, Partial<Waiver>, Partial<WaiverTarget>, boolean]>([
    ['a wildcard waiver', {}, {}, true],
    ['an exact name', { package: '@acme/ui' }, {}, true],
    ['a name pattern', { package: '@acme/*' }, {}, true],
    ['names ignore case', { package: '@ACME/UI' }, {}, true],
    ['another name', { package: '@acme/core' }, {}, false],
    ['a purl pattern (encoded)', { package: 'pkg:npm/%40acme/*' }, {}, true],
    ['a purl pattern (decoded)', { package: 'pkg:npm/@acme/ui' }, {}, true],
    ['a purl of another type', { package: 'pkg:pypi/ui' }, {}, false],
    [
      'the purl given, with version and qualifiers',
      { package: 'pkg:maven/org.acme/ui' },
      { purl: 'pkg:maven/org.acme/ui@1.4.0?type=jar' },
      true,
    ],
    ['the project named', { project: 'shop' }, {}, true],
    ['another project', { project: 'billing' }, {}, false],
    ['a project waiver when no project is given', { project: 'shop' }, { project: undefined }, false],
    ['inside the version range', { version: '>=1.0 <2' }, {}, true],
    ['outside the version range', { version: '<1.4' }, {}, false],
    ['an unpinned version and a range', { version: '1.x' }, { version: null }, false],
    ['the named license', { license: 'MIT AND ISC' }, { expression: 'ISC AND MIT' }, true],
    ['another license than named', { license: 'MIT' }, { expression: 'GPL-3.0-only' }, false],
    ['a named license and no expression', { license: 'MIT' }, {}, false],
  ])('%s: %s', (_name, waiver, more, expected) => {
    expect(waiverApplies({ ...base, ...waiver }, { ...target, ...more }, now)).toBe(expected);
  });

  it.each<[string, string, boolean]>([
    ['2026-06-30', '2026-06-30T23:59:59Z', true],
    ['2026-06-30', '2026-07-01T00:00:00Z', false],
    ['2026-06-30T12:00:00Z', '2026-06-30T11:59:59Z', true],
    ['2026-06-30T12:00:00+02:00', '2026-06-30T10:00:00Z', false],
  ])('expiring %s applies at %s: %s', (expires, at, expected) => {
    expect(waiverApplies({ ...base, expires }, target, new Date(at))).toBe(expected);
  });

  it.each(['2026-02-30', 'soon', '30/06/2026', '2026-06-30T12:00'])('refuses the expiry %j', (expires) => {
    expect(() => waiverExpiresAt({ expires })).toThrowError(
      expect.objectContaining({ code: 'ERR_OSPO_WAIVER_EXPIRY' }),
    );
  });

  it('finds the first waiver that applies', () => {
    const waivers = [
      { ...base, id: 'expired', expires: '2020-01-01' },
      { ...base, id: 'other', package: 'left-pad' },
      { ...base, id: 'this-one' },
      { ...base, id: 'later' },
    ];
    expect(findWaiver(waivers, target, now)?.id).toBe('this-one');
    expect(findWaiver(waivers.slice(0, 2), target, now)).toBeUndefined();
  });
});
