import { describe, expect, it } from 'vitest';
import { normalizeOsvPackageName, type OsvRecord, parseOsvRecord } from '../../core/osv.js';
import { versionSchemeFor } from '../../modules/versioning/index.js';
import type { IsAncestor } from './git-range.js';
import { ParsedVersions } from './parsed-versions.js';
import {
  type AffectedRanges,
  affectedEvaluator,
  type EvaluateOptions,
  isAffected,
  matchOsvRecord,
} from './ranges.js';

type Events = Record<string, string>[];
const semver = (...events: Events) => ({ type: 'SEMVER', events });
const ecosystem = (...events: Events) => ({ type: 'ECOSYSTEM', events });
const git = (...events: Events) => ({ type: 'GIT', repo: 'https://example.org/repo.git', events });

/** A linear history a <- b <- c <- d, and a branch b <- x. */
const parents: Record<string, string> = { b: 'a', c: 'b', d: 'c', x: 'b' };
const isAncestor: IsAncestor = (ancestor, descendant) => {
  for (let at: string | undefined = parents[descendant]; at; at = parents[at])
    if (at === ancestor) return true;
  return false;
};

interface Case {
  name: string;
  ecosystem: string | null;
  affected: AffectedRanges;
  version: string;
  options?: EvaluateOptions;
  expected: { affected: boolean; fixed?: string[]; problems?: string[] };
}

const cases: Case[] = [
  {
    name: 'introduced "0" reaches below every version, even pre-releases',
    ecosystem: 'npm',
    affected: { ranges: [semver({ introduced: '0' }, { fixed: '1.0.2' })] },
    version: '0.0.0-alpha',
    expected: { affected: true, fixed: ['1.0.2'] },
  },
  {
    name: 'introduced "0" alone: every version, no fix',
    ecosystem: 'npm',
    affected: { ranges: [semver({ introduced: '0' })] },
    version: '99.0.0',
    expected: { affected: true, fixed: [] },
  },
  {
    name: 'the fixed version itself is not affected',
    ecosystem: 'npm',
    affected: { ranges: [semver({ introduced: '0' }, { fixed: '1.0.2' })] },
    version: '1.0.2',
    expected: { affected: false },
  },
  {
    name: 'introduced is inclusive, and a pre-release of it comes before it',
    ecosystem: 'npm',
    affected: { ranges: [semver({ introduced: '1.0.0' }, { fixed: '2.0.0' })] },
    version: '1.0.0-rc.1',
    expected: { affected: false },
  },
  {
    name: 'unsorted events are sorted before the walk (inside the second interval)',
    ecosystem: 'npm',
    affected: {
      ranges: [
        semver({ fixed: '3.2.5' }, { introduced: '3.0.0' }, { fixed: '1.0.2' }, { introduced: '1.0.0' }),
      ],
    },
    version: '3.1.0',
    expected: { affected: true, fixed: ['3.2.5'] },
  },
  {
    name: 'unsorted events are sorted before the walk (between the intervals)',
    ecosystem: 'npm',
    affected: {
      ranges: [
        semver({ fixed: '3.2.5' }, { introduced: '3.0.0' }, { fixed: '1.0.2' }, { introduced: '1.0.0' }),
      ],
    },
    version: '2.0.0',
    expected: { affected: false },
  },
  {
    name: 'several intervals in one range: the smallest fix above the version, not a later one',
    ecosystem: 'npm',
    affected: {
      ranges: [semver({ introduced: '0' }, { fixed: '1.2.0' }, { introduced: '1.5.0' }, { fixed: '1.7.0' })],
    },
    version: '1.1.0',
    expected: { affected: true, fixed: ['1.2.0'] },
  },
  {
    name: 'several fixes above in one range (backports): the smallest',
    ecosystem: 'npm',
    affected: { ranges: [semver({ introduced: '1.0.0' }, { fixed: '1.3.1' }, { fixed: '1.2.5' })] },
    version: '1.1.0',
    expected: { affected: true, fixed: ['1.2.5'] },
  },
  {
    name: 'several ranges: any one is enough, and each affecting range gives its fix',
    ecosystem: 'PyPI',
    affected: {
      ranges: [
        ecosystem({ introduced: '1.0' }, { fixed: '1.5' }),
        ecosystem({ introduced: '1.2' }, { fixed: '1.4' }),
        ecosystem({ introduced: '3.0' }, { fixed: '3.1' }),
      ],
    },
    version: '1.3',
    expected: { affected: true, fixed: ['1.5', '1.4'] },
  },
  {
    name: 'last_affected is inclusive',
    ecosystem: 'Maven',
    affected: { ranges: [ecosystem({ introduced: '0' }, { last_affected: '2.1.214' })] },
    version: '2.1.214',
    expected: { affected: true, fixed: [] },
  },
  {
    name: 'above last_affected is not affected',
    ecosystem: 'Maven',
    affected: { ranges: [ecosystem({ introduced: '0' }, { last_affected: '2.1.214' })] },
    version: '2.1.215',
    expected: { affected: false },
  },
  {
    name: 'introduced and fixed at the same version: an empty interval',
    ecosystem: 'npm',
    affected: { ranges: [semver({ fixed: '1.0.0' }, { introduced: '1.0.0' })] },
    version: '1.0.0',
    expected: { affected: false },
  },
  {
    name: 'limit: below it the range applies',
    ecosystem: 'npm',
    affected: { ranges: [semver({ introduced: '1.0.0' }, { limit: '2.0.0' })] },
    version: '1.9.9',
    expected: { affected: true, fixed: [] },
  },
  {
    name: 'limit: at it the range does not',
    ecosystem: 'npm',
    affected: { ranges: [semver({ introduced: '1.0.0' }, { limit: '2.0.0' })] },
    version: '2.0.0',
    expected: { affected: false },
  },
  {
    name: 'limit "*" is infinity',
    ecosystem: 'npm',
    affected: { ranges: [semver({ introduced: '1.0.0' }, { limit: '*' })] },
    version: '900.0.0',
    expected: { affected: true },
  },
  {
    name: 'several limits: below any one of them is enough',
    ecosystem: 'npm',
    affected: { ranges: [semver({ introduced: '0' }, { limit: '1.0.0' }, { limit: '3.0.0' })] },
    version: '2.0.0',
    expected: { affected: true },
  },
  {
    name: 'database_specific has no effect on evaluation',
    ecosystem: 'npm',
    affected: {
      ranges: [
        {
          ...semver({ introduced: '0' }, { fixed: '1.0.0' }),
          database_specific: { last_known_affected_version_range: '< 0.5.0' },
        },
      ],
    },
    version: '0.9.0',
    expected: { affected: true, fixed: ['1.0.0'] },
  },
  {
    name: 'versions list only: a listed version is affected',
    ecosystem: 'RubyGems',
    affected: { versions: ['1.14.0', '1.15.0.pre.1'] },
    version: '1.15.0.pre.1',
    expected: { affected: true, fixed: [] },
  },
  {
    name: 'versions list only: an unlisted version is not',
    ecosystem: 'RubyGems',
    affected: { versions: ['1.14.0', '1.15.0.pre.1'] },
    version: '1.15.0',
    expected: { affected: false },
  },
  {
    name: "versions list: equal by the ecosystem's ordering, not only as text",
    ecosystem: 'PyPI',
    affected: { versions: ['2.8.0', '2.8.0.post1'] },
    version: '2.8',
    expected: { affected: true },
  },
  {
    name: 'versions list with no known ordering: exact text, and ECOSYSTEM ranges reported',
    ecosystem: null,
    affected: { versions: ['curl-7_50_0'], ranges: [ecosystem({ introduced: '0' })] },
    version: 'curl-7_50_0',
    expected: { affected: true, problems: ['ERR_OSPO_NO_VERSION_SCHEME'] },
  },
  {
    name: 'an unreadable version in the input is reported, not compared as text',
    ecosystem: 'npm',
    affected: { ranges: [semver({ introduced: '0' }, { fixed: '1.0.0' })] },
    version: '0.9',
    expected: { affected: false, problems: ['ERR_OSPO_VERSION'] },
  },
  {
    name: 'an unreadable event is reported, and its range left undecided',
    ecosystem: 'PyPI',
    affected: { ranges: [ecosystem({ introduced: '0' }, { fixed: '2.0-banana' })] },
    version: '1.0',
    expected: { affected: false, problems: ['ERR_OSPO_VERSION'] },
  },
  {
    name: 'unreadable entries of a versions list are reported',
    ecosystem: 'PyPI',
    affected: { versions: ['1.0', 'not a version'] },
    version: '1.1',
    expected: { affected: false, problems: ['ERR_OSPO_VERSION'] },
  },
  {
    name: 'SEMVER ranges are SemVer whatever the ecosystem: a PEP 440 version is not read as one',
    ecosystem: 'PyPI',
    affected: { ranges: [semver({ introduced: '0' }, { fixed: '2.0.0' })] },
    version: '1.0',
    expected: { affected: false, problems: ['ERR_OSPO_VERSION'] },
  },
  {
    name: 'SEMVER ranges: a leading v is stripped',
    ecosystem: 'Go',
    affected: { ranges: [semver({ introduced: 'v0.0.0-20200101000000-abcdefabcdef' }, { fixed: 'v1.2.3' })] },
    version: 'v1.2.3-rc.1',
    expected: { affected: true, fixed: ['v1.2.3'] },
  },
  {
    name: "ECOSYSTEM ranges use the ecosystem's ordering (Maven: a snapshot is before its release)",
    ecosystem: 'Maven',
    affected: { ranges: [ecosystem({ introduced: '0' }, { fixed: '1.0' })] },
    version: '1.0-SNAPSHOT',
    expected: { affected: true, fixed: ['1.0'] },
  },
  {
    name: "ECOSYSTEM ranges use the ecosystem's ordering (Debian revisions, release suffix ignored)",
    ecosystem: 'Debian:7',
    affected: { ranges: [ecosystem({ introduced: '0' }, { fixed: '1.2.1-2.2+wheezy3' })] },
    version: '1.2.1-2.2+wheezy2',
    expected: { affected: true, fixed: ['1.2.1-2.2+wheezy3'] },
  },
  {
    name: 'no introduced event: nothing is in the range, and that is reported',
    ecosystem: 'npm',
    affected: { ranges: [semver({ fixed: '1.0.0' })] },
    version: '0.5.0',
    expected: { affected: false, problems: ['ERR_OSPO_OSV_RANGE'] },
  },
  {
    name: 'a range that is not OSV-shaped (an event with two kinds) is reported',
    ecosystem: 'npm',
    affected: { ranges: [semver({ introduced: '0', fixed: '1.0.0' })] },
    version: '0.5.0',
    expected: { affected: false, problems: ['ERR_OSPO_OSV_RANGE'] },
  },
  {
    name: 'an unknown range type is reported',
    ecosystem: 'npm',
    affected: { ranges: [{ type: 'CALENDAR', events: [{ introduced: '0' }] }] },
    version: '0.5.0',
    expected: { affected: false, problems: ['ERR_OSPO_OSV_RANGE_TYPE'] },
  },
  {
    name: 'GIT ranges are skipped without a commit, silently',
    ecosystem: 'PyPI',
    affected: { ranges: [git({ introduced: '0' }, { fixed: 'd' })] },
    version: '1.0',
    expected: { affected: false, problems: [] },
  },
  {
    name: 'GIT, a known commit that is an introduced event',
    ecosystem: 'PyPI',
    affected: { ranges: [git({ introduced: 'b' }, { fixed: 'd' })] },
    version: '1.0',
    options: { commit: 'b' },
    expected: { affected: true, fixed: [] },
  },
  {
    name: 'GIT, a known commit that is a fixed event',
    ecosystem: 'PyPI',
    affected: { ranges: [git({ introduced: 'b' }, { fixed: 'd' })] },
    version: '1.0',
    options: { commit: 'd' },
    expected: { affected: false, problems: [] },
  },
  {
    name: 'GIT, another commit and no commit graph: undecided, reported',
    ecosystem: 'PyPI',
    affected: { ranges: [git({ introduced: 'b' }, { fixed: 'd' })] },
    version: '1.0',
    options: { commit: 'c' },
    expected: { affected: false, problems: ['ERR_OSPO_OSV_GIT_UNDECIDED'] },
  },
  {
    name: 'GIT with the commit graph: between introduced and fixed',
    ecosystem: 'PyPI',
    affected: { ranges: [git({ introduced: 'b' }, { fixed: 'd' })] },
    version: '1.0',
    options: { commit: 'c', isAncestor },
    expected: { affected: true },
  },
  {
    name: 'GIT with the commit graph: before introduced',
    ecosystem: 'PyPI',
    affected: { ranges: [git({ introduced: 'b' }, { fixed: 'd' })] },
    version: '1.0',
    options: { commit: 'a', isAncestor },
    expected: { affected: false },
  },
  {
    name: 'GIT with the commit graph: a branch the fix never reached',
    ecosystem: 'PyPI',
    affected: { ranges: [git({ introduced: 'b' }, { fixed: 'd' })] },
    version: '1.0',
    options: { commit: 'x', isAncestor },
    expected: { affected: true },
  },
  {
    name: 'GIT with the commit graph: a limit keeps other branches out',
    ecosystem: 'PyPI',
    affected: { ranges: [git({ introduced: 'b' }, { limit: 'd' })] },
    version: '1.0',
    options: { commit: 'x', isAncestor },
    expected: { affected: false },
  },
];

describe('isAffected', () => {
  it.each(cases)('$name', ({ ecosystem: eco, affected, version, options, expected }) => {
    const scheme = eco === null ? null : versionSchemeFor(eco);
    if (eco !== null) expect(scheme, eco).not.toBeNull();
    const result = isAffected(version, affected, scheme, options);
    expect(result.affected).toBe(expected.affected);
    if (expected.fixed) expect(result.fixed).toEqual(expected.fixed);
    if (expected.problems) expect(result.problems.map((p) => p.code)).toEqual(expected.problems);
    else if (!expected.affected) expect(result.problems).toEqual([]);
  });

  it('names the unreadable value and the range it kept undecided', () => {
    const result = isAffected(
      '1.0',
      { ranges: [ecosystem({ introduced: '0' }, { fixed: '2.0-banana' })] },
      versionSchemeFor('PyPI'),
    );
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'ERR_OSPO_VERSION', range: 0, value: '2.0-banana' }),
    ]);
  });
});

describe('affectedEvaluator', () => {
  it('gives, for one entry and many versions, what isAffected gives for each, sharing parsed versions', () => {
    // matching evaluates each stored entry for every package version of its name, with one parse cache
    const parsed = new ParsedVersions();
    const versions = [...new Set(cases.map((c) => c.version)), '0.0.1', '1.2.3', 'not a version', 'v2.0.0'];
    for (const c of cases) {
      const scheme = c.ecosystem === null ? null : versionSchemeFor(c.ecosystem);
      const evaluate = affectedEvaluator(c.affected, scheme, c.options, parsed);
      for (const version of versions) {
        expect(evaluate(version), `${c.name}: ${version}`).toEqual(
          isAffected(version, c.affected, scheme, c.options),
        );
      }
    }
  });
});

const record = (extra: Partial<OsvRecord> = {}): OsvRecord =>
  parseOsvRecord({
    id: 'PYSEC-2021-0001',
    modified: '2021-04-07T15:14:00Z',
    affected: [
      {
        package: { ecosystem: 'PyPI', name: 'Django_Rest.Framework' },
        ranges: [ecosystem({ introduced: '2.8.0' }, { fixed: '2.10.0' })],
        versions: ['2.8.0', '2.9.2'],
      },
      { package: { ecosystem: 'npm', name: 'django-rest-framework' }, ranges: [semver({ introduced: '0' })] },
    ],
    ...extra,
  });

describe('matchOsvRecord', () => {
  it('matches the package by ecosystem and normalized name, and evaluates its entry', () => {
    const match = matchOsvRecord(record(), {
      ecosystem: 'PyPI',
      name: 'django-rest-framework',
      version: '2.9',
    });
    expect(match).toEqual({
      id: 'PYSEC-2021-0001',
      withdrawn: false,
      affected: true,
      fixed: ['2.10.0'],
      problems: [],
    });
  });

  it('does not match the same name in another ecosystem', () => {
    const match = matchOsvRecord(record(), {
      ecosystem: 'RubyGems',
      name: 'django-rest-framework',
      version: '2.9',
    });
    expect(match.affected).toBe(false);
  });

  it('a withdrawn record affects nothing, and says so', () => {
    const match = matchOsvRecord(record({ withdrawn: '2021-05-01T00:00:00Z' }), {
      ecosystem: 'PyPI',
      name: 'django-rest-framework',
      version: '2.9',
    });
    expect(match).toMatchObject({ withdrawn: true, affected: false, fixed: [] });
  });
});

describe('OSV records and names', () => {
  it('refuses a record whose event names two kinds, with a coded error', () => {
    const broken = {
      id: 'X-1',
      modified: '2024-01-01T00:00:00Z',
      affected: [
        { package: { ecosystem: 'npm', name: 'a' }, ranges: [semver({ introduced: '0', fixed: '1.0.0' })] },
      ],
    };
    expect(() => parseOsvRecord(broken)).toThrow(expect.objectContaining({ code: 'ERR_OSPO_OSV_RECORD' }));
    expect(() => parseOsvRecord({ modified: 'x' })).toThrow(
      expect.objectContaining({ code: 'ERR_OSPO_OSV_RECORD' }),
    );
  });

  it.each([
    ['PyPI', 'Django_Rest.Framework', 'django-rest-framework'],
    ['crates.io', 'Serde-JSON', 'serde_json'],
    ['NuGet', 'Newtonsoft.Json', 'newtonsoft.json'],
    ['Packagist', 'Symfony/HTTP-Kernel', 'symfony/http-kernel'],
    ['Maven', 'org.Apache:Commons', 'org.Apache:Commons'],
    ['Go', 'github.com/BurntSushi/toml', 'github.com/BurntSushi/toml'],
    ['npm', '@Scope/Pkg', '@Scope/Pkg'],
    ['Debian:12', ' openssl ', 'openssl'],
  ])('normalizes a %s name: %s -> %s', (eco, name, expected) => {
    expect(normalizeOsvPackageName(eco, name)).toBe(expected);
  });
});
