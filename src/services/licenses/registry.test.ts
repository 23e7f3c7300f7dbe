import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeRegistry,
  type FakeResponse,
  startFakeRegistry,
} from '../../../test/support/fake-registry.js';
import type { Ecosystem } from '../../core/inventory.js';
import { purlFor } from '../../core/purl.js';
import { type RegistryHttp, type RegistryId, registryIds } from '../../modules/licenses/registry/index.js';
import {
  createRegistryHttp,
  type FetchRegistryLicensesOptions,
  fetchRegistryLicenses,
  memoryRegistryLicenseCache,
  type RegistryPackageInput,
} from './registry.js';

const FIXTURES = path.resolve('src/modules/licenses/registry/__fixtures__');

let server: FakeRegistry;
beforeAll(async () => {
  server = await startFakeRegistry(FIXTURES);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.unrouted.length = 0;
  server.gate = null;
});

const input = (ecosystem: Ecosystem, name: string, version: string | null): RegistryPackageInput => ({
  ecosystem,
  name,
  version,
  purl: purlFor(ecosystem, name, version),
});

/** The default client, refusing anything but the fake server: a test can never reach the internet. */
function localOnly(client: RegistryHttp = createRegistryHttp({ timeoutMs: 1000 })): RegistryHttp {
  const check = (url: string) => {
    if (!url.startsWith(`${server.origin}/`)) throw new Error(`test tried to reach ${url}`);
    return url;
  };
  return {
    fetchJson: (url) => client.fetchJson(check(url)),
    fetchText: (url) => client.fetchText(check(url)),
  };
}

function options(extra: FetchRegistryLicensesOptions = {}): FetchRegistryLicensesOptions {
  const baseUrls = Object.fromEntries(registryIds.map((id) => [id, `${server.origin}/${id}`]));
  return { baseUrls, http: localOnly(), retryDelayMs: 1, ...extra };
}

const busy: FakeResponse = { status: 503, fixture: 'server-error-503.html' };
const gone = (fixture: string): FakeResponse => ({ status: 404, fixture });
const ok = (fixture: string): FakeResponse => ({ fixture });

type Outcome = { licenses: string[]; at: string } | 'not found' | { problem: string };

// [registry, scenario, package, routes, outcome, requests made]
const table: [RegistryId, string, RegistryPackageInput, Record<string, FakeResponse[]>, Outcome, number][] = [
  [
    'npm',
    'normal',
    input('npm', 'express', '4.19.2'),
    { '/npm/express/4.19.2': [ok('npm-normal.json')] },
    { licenses: ['MIT'], at: '/npm/express/4.19.2' },
    1,
  ],
  [
    'npm',
    'legacy licenses list',
    input('npm', 'json-schema', '0.2.3'),
    { '/npm/json-schema/0.2.3': [ok('npm-legacy-licenses.json')] },
    { licenses: ['AFLv2.1', 'BSD'], at: '/npm/json-schema/0.2.3' },
    1,
  ],
  [
    'npm',
    'missing license',
    input('npm', 'left-pad-unlicensed', '0.0.3'),
    { '/npm/left-pad-unlicensed/0.0.3': [ok('npm-missing-license.json')] },
    'not found',
    1,
  ],
  [
    'npm',
    '404',
    input('npm', 'express', '9.9.9'),
    { '/npm/express/9.9.9': [gone('npm-not-found.json')] },
    'not found',
    1,
  ],
  [
    'npm',
    '500 then 200',
    input('npm', '@babel/core', '7.24.0'),
    { '/npm/%40babel%2Fcore/7.24.0': [busy, ok('npm-scoped.json')] },
    { licenses: ['MIT'], at: '/npm/%40babel%2Fcore/7.24.0' },
    2,
  ],
  [
    'npm',
    'malformed JSON',
    input('npm', 'express', '4.19.2'),
    { '/npm/express/4.19.2': [ok('npm-malformed.json')] },
    { problem: 'ERR_OSPO_REGISTRY_RESPONSE' },
    1,
  ],

  [
    'pypi',
    'normal',
    input('PyPI', 'packaging', '25.0'),
    { '/pypi/packaging/25.0/json': [ok('pypi-normal.json')] },
    { licenses: ['Apache-2.0 OR BSD-2-Clause'], at: '/pypi/packaging/25.0/json' },
    1,
  ],
  [
    'pypi',
    'legacy license field',
    input('PyPI', 'requests', '2.31.0'),
    { '/pypi/requests/2.31.0/json': [ok('pypi-legacy-license.json')] },
    { licenses: ['Apache 2.0'], at: '/pypi/requests/2.31.0/json' },
    1,
  ],
  [
    'pypi',
    'missing license',
    input('PyPI', 'tiny-helper', '0.1'),
    { '/pypi/tiny-helper/0.1/json': [ok('pypi-missing-license.json')] },
    'not found',
    1,
  ],
  [
    'pypi',
    '404',
    input('PyPI', 'nosuch', '1.0'),
    { '/pypi/nosuch/1.0/json': [gone('pypi-not-found.json')] },
    'not found',
    1,
  ],
  [
    'pypi',
    '500 then 200',
    input('PyPI', 'MarkupSafe', '2.1.5'),
    {
      '/pypi/markupsafe/2.1.5/json': [
        { status: 500, body: 'Internal Server Error' },
        ok('pypi-classifiers.json'),
      ],
    },
    { licenses: ['License :: OSI Approved :: BSD License'], at: '/pypi/markupsafe/2.1.5/json' },
    2,
  ],
  [
    'pypi',
    'HTML page with 200',
    input('PyPI', 'requests', '2.31.0'),
    { '/pypi/requests/2.31.0/json': [ok('pypi-malformed.html')] },
    { problem: 'ERR_OSPO_REGISTRY_RESPONSE' },
    1,
  ],

  [
    'crates-io',
    'normal',
    input('crates.io', 'serde', '1.0.200'),
    { '/crates-io/crates/serde/1.0.200': [ok('crates-io-normal.json')] },
    { licenses: ['MIT OR Apache-2.0'], at: '/crates-io/crates/serde/1.0.200' },
    1,
  ],
  [
    'crates-io',
    'legacy slash form',
    input('crates.io', 'libc', '0.2.20'),
    { '/crates-io/crates/libc/0.2.20': [ok('crates-io-legacy-slash.json')] },
    { licenses: ['MIT/Apache-2.0'], at: '/crates-io/crates/libc/0.2.20' },
    1,
  ],
  [
    'crates-io',
    'missing license',
    input('crates.io', 'hello-world-tool', '0.1.0'),
    { '/crates-io/crates/hello-world-tool/0.1.0': [ok('crates-io-missing-license.json')] },
    'not found',
    1,
  ],
  [
    'crates-io',
    '404',
    input('crates.io', 'serde', '9.9.9'),
    { '/crates-io/crates/serde/9.9.9': [gone('crates-io-not-found.json')] },
    'not found',
    1,
  ],
  [
    'crates-io',
    '500 then 200',
    input('crates.io', 'serde', '1.0.200'),
    { '/crates-io/crates/serde/1.0.200': [busy, ok('crates-io-normal.json')] },
    { licenses: ['MIT OR Apache-2.0'], at: '/crates-io/crates/serde/1.0.200' },
    2,
  ],
  [
    'crates-io',
    'malformed JSON',
    input('crates.io', 'serde', '1.0.200'),
    { '/crates-io/crates/serde/1.0.200': [ok('crates-io-malformed.json')] },
    { problem: 'ERR_OSPO_REGISTRY_RESPONSE' },
    1,
  ],

  [
    'rubygems',
    'normal',
    input('RubyGems', 'rails', '7.1.3'),
    { '/rubygems/rubygems/rails/versions/7.1.3.json': [ok('rubygems-normal.json')] },
    { licenses: ['MIT'], at: '/rubygems/rubygems/rails/versions/7.1.3.json' },
    1,
  ],
  [
    'rubygems',
    'two licenses',
    input('RubyGems', 'racc', '1.7.3'),
    { '/rubygems/rubygems/racc/versions/1.7.3.json': [ok('rubygems-multiple.json')] },
    { licenses: ['Ruby', 'BSD-2-Clause'], at: '/rubygems/rubygems/racc/versions/1.7.3.json' },
    1,
  ],
  [
    'rubygems',
    'licenses null',
    input('RubyGems', 'coulda', '0.7.1'),
    { '/rubygems/rubygems/coulda/versions/0.7.1.json': [ok('rubygems-missing-license.json')] },
    'not found',
    1,
  ],
  [
    'rubygems',
    '404',
    input('RubyGems', 'nosuch', '1.0.0'),
    { '/rubygems/rubygems/nosuch/versions/1.0.0.json': [gone('rubygems-not-found.txt')] },
    'not found',
    1,
  ],
  [
    'rubygems',
    '500 then 200',
    input('RubyGems', 'rails', '7.1.3'),
    { '/rubygems/rubygems/rails/versions/7.1.3.json': [busy, ok('rubygems-normal.json')] },
    { licenses: ['MIT'], at: '/rubygems/rubygems/rails/versions/7.1.3.json' },
    2,
  ],
  [
    'rubygems',
    'malformed JSON',
    input('RubyGems', 'rails', '7.1.3'),
    { '/rubygems/rubygems/rails/versions/7.1.3.json': [ok('rubygems-malformed.json')] },
    { problem: 'ERR_OSPO_REGISTRY_RESPONSE' },
    1,
  ],

  [
    'packagist',
    'normal (minified)',
    input('Packagist', 'monolog/monolog', '2.9.2'),
    { '/packagist/p2/monolog/monolog.json': [ok('packagist-normal.json')] },
    { licenses: ['MIT'], at: '/packagist/p2/monolog/monolog.json' },
    1,
  ],
  [
    'packagist',
    'legacy unminified',
    input('Packagist', 'legacy/satis-package', '1.4.2'),
    { '/packagist/p2/legacy/satis-package.json': [ok('packagist-unminified.json')] },
    { licenses: ['GPL-2.0-or-later'], at: '/packagist/p2/legacy/satis-package.json' },
    1,
  ],
  [
    'packagist',
    'missing license',
    input('Packagist', 'acme/relicensed', '1.0.0'),
    { '/packagist/p2/acme/relicensed.json': [ok('packagist-license-changed.json')] },
    'not found',
    1,
  ],
  [
    'packagist',
    '404',
    input('Packagist', 'no/such', '1.0.0'),
    { '/packagist/p2/no/such.json': [gone('packagist-not-found.json')] },
    'not found',
    1,
  ],
  [
    'packagist',
    '500 then 200',
    input('Packagist', 'acme/relicensed', '3.0.0'),
    { '/packagist/p2/acme/relicensed.json': [busy, ok('packagist-license-changed.json')] },
    { licenses: ['Apache-2.0'], at: '/packagist/p2/acme/relicensed.json' },
    2,
  ],
  [
    'packagist',
    'malformed JSON',
    input('Packagist', 'monolog/monolog', '3.5.0'),
    { '/packagist/p2/monolog/monolog.json': [ok('packagist-malformed.json')] },
    { problem: 'ERR_OSPO_REGISTRY_RESPONSE' },
    1,
  ],

  [
    'maven-central',
    'normal',
    input('Maven', 'junit:junit', '4.13.2'),
    { '/maven-central/junit/junit/4.13.2/junit-4.13.2.pom': [ok('maven-central-normal.pom')] },
    { licenses: ['Eclipse Public License 1.0'], at: '/maven-central/junit/junit/4.13.2/junit-4.13.2.pom' },
    1,
  ],
  [
    'maven-central',
    'inherited from the parent',
    input('Maven', 'com.google.guava:guava', '33.0.0-jre'),
    {
      '/maven-central/com/google/guava/guava/33.0.0-jre/guava-33.0.0-jre.pom': [
        ok('maven-central-inherits.pom'),
      ],
      '/maven-central/com/google/guava/guava-parent/33.0.0-jre/guava-parent-33.0.0-jre.pom': [
        ok('maven-central-parent.pom'),
      ],
    },
    {
      licenses: ['Apache License, Version 2.0'],
      at: '/maven-central/com/google/guava/guava-parent/33.0.0-jre/guava-parent-33.0.0-jre.pom',
    },
    2,
  ],
  [
    'maven-central',
    'missing license',
    input('Maven', 'net.example:no-license-declared', '0.9.1'),
    {
      '/maven-central/net/example/no-license-declared/0.9.1/no-license-declared-0.9.1.pom': [
        ok('maven-central-missing-license.pom'),
      ],
    },
    'not found',
    1,
  ],
  [
    'maven-central',
    '404',
    input('Maven', 'junit:junit', '9.9'),
    { '/maven-central/junit/junit/9.9/junit-9.9.pom': [gone('maven-central-not-found.html')] },
    'not found',
    1,
  ],
  [
    'maven-central',
    '500 then 200',
    input('Maven', 'junit:junit', '4.13.2'),
    { '/maven-central/junit/junit/4.13.2/junit-4.13.2.pom': [busy, ok('maven-central-normal.pom')] },
    { licenses: ['Eclipse Public License 1.0'], at: '/maven-central/junit/junit/4.13.2/junit-4.13.2.pom' },
    2,
  ],
  [
    'maven-central',
    'malformed XML',
    input('Maven', 'junit:junit', '4.13.2'),
    { '/maven-central/junit/junit/4.13.2/junit-4.13.2.pom': [ok('maven-central-malformed.pom')] },
    { problem: 'ERR_OSPO_REGISTRY_RESPONSE' },
    1,
  ],

  [
    'nuget',
    'normal',
    input('NuGet', 'Newtonsoft.Json', '13.0.3'),
    {
      '/nuget/newtonsoft.json/13.0.3.json': [ok('nuget-leaf.json')],
      '/nuget-catalog/data/2023.03.08.07.46.17/newtonsoft.json.13.0.3.json': [
        ok('nuget-catalog-normal.json'),
      ],
    },
    { licenses: ['MIT'], at: '/nuget-catalog/data/2023.03.08.07.46.17/newtonsoft.json.13.0.3.json' },
    2,
  ],
  [
    'nuget',
    'legacy licenseUrl',
    input('NuGet', 'Newtonsoft.Json', '13.0.3'),
    {
      '/nuget/newtonsoft.json/13.0.3.json': [ok('nuget-leaf.json')],
      '/nuget-catalog/data/2023.03.08.07.46.17/newtonsoft.json.13.0.3.json': [
        ok('nuget-catalog-license-url.json'),
      ],
    },
    { problem: 'ERR_OSPO_REGISTRY_LICENSE_URL' },
    2,
  ],
  [
    'nuget',
    'missing license',
    input('NuGet', 'Newtonsoft.Json', '13.0.3'),
    {
      '/nuget/newtonsoft.json/13.0.3.json': [ok('nuget-leaf.json')],
      '/nuget-catalog/data/2023.03.08.07.46.17/newtonsoft.json.13.0.3.json': [
        ok('nuget-catalog-missing-license.json'),
      ],
    },
    'not found',
    2,
  ],
  [
    'nuget',
    '404',
    input('NuGet', 'Newtonsoft.Json', '99.0.0'),
    { '/nuget/newtonsoft.json/99.0.0.json': [gone('nuget-not-found.xml')] },
    'not found',
    1,
  ],
  [
    'nuget',
    '500 then 200 on the catalog',
    input('NuGet', 'Newtonsoft.Json', '13.0.3'),
    {
      '/nuget/newtonsoft.json/13.0.3.json': [ok('nuget-leaf.json')],
      '/nuget-catalog/data/2023.03.08.07.46.17/newtonsoft.json.13.0.3.json': [
        busy,
        ok('nuget-catalog-normal.json'),
      ],
    },
    { licenses: ['MIT'], at: '/nuget-catalog/data/2023.03.08.07.46.17/newtonsoft.json.13.0.3.json' },
    3,
  ],
  [
    'nuget',
    'malformed JSON',
    input('NuGet', 'Newtonsoft.Json', '13.0.3'),
    { '/nuget/newtonsoft.json/13.0.3.json': [ok('nuget-malformed.json')] },
    { problem: 'ERR_OSPO_REGISTRY_RESPONSE' },
    1,
  ],

  [
    'clearlydefined',
    'normal, after npm declared nothing',
    input('npm', 'lodash', '4.17.21'),
    {
      '/npm/lodash/4.17.21': [gone('npm-not-found.json')],
      '/clearlydefined/definitions/npm/npmjs/-/lodash/4.17.21': [ok('clearlydefined-normal.json')],
    },
    { licenses: ['MIT'], at: '/clearlydefined/definitions/npm/npmjs/-/lodash/4.17.21' },
    2,
  ],
  [
    'clearlydefined',
    'NOASSERTION',
    input('PyPI', 'mystery-lib', '0.2.0'),
    {
      '/pypi/mystery-lib/0.2.0/json': [gone('pypi-not-found.json')],
      '/clearlydefined/definitions/pypi/pypi/-/mystery-lib/0.2.0': [ok('clearlydefined-noassertion.json')],
    },
    'not found',
    2,
  ],
  [
    'clearlydefined',
    'not harvested (Go: ClearlyDefined only)',
    input('Go', 'github.com/example/unharvested', '0.3.1'),
    {
      '/clearlydefined/definitions/go/golang/github.com%2Fexample/unharvested/v0.3.1': [
        ok('clearlydefined-not-harvested.json'),
      ],
    },
    'not found',
    1,
  ],
  [
    'clearlydefined',
    '404',
    input('Go', 'github.com/example/gone', '1.0.0'),
    { '/clearlydefined/definitions/go/golang/github.com%2Fexample/gone/v1.0.0': [{ status: 404, body: '' }] },
    'not found',
    1,
  ],
  [
    'clearlydefined',
    '500 then 200',
    input('Go', 'github.com/example/lib', '1.0.0'),
    {
      '/clearlydefined/definitions/go/golang/github.com%2Fexample/lib/v1.0.0': [
        busy,
        ok('clearlydefined-normal.json'),
      ],
    },
    { licenses: ['MIT'], at: '/clearlydefined/definitions/go/golang/github.com%2Fexample/lib/v1.0.0' },
    2,
  ],
  [
    'clearlydefined',
    'malformed JSON',
    input('Go', 'github.com/example/lib', '1.0.0'),
    {
      '/clearlydefined/definitions/go/golang/github.com%2Fexample/lib/v1.0.0': [
        ok('clearlydefined-malformed.json'),
      ],
    },
    { problem: 'ERR_OSPO_REGISTRY_RESPONSE' },
    1,
  ],
];

describe('fetchRegistryLicenses against a fake registry on 127.0.0.1', () => {
  it('covers every registry with every scenario', () => {
    const scenarios = new Map<RegistryId, number>();
    for (const [id] of table) scenarios.set(id, (scenarios.get(id) ?? 0) + 1);
    expect([...scenarios.keys()].sort()).toEqual([...registryIds].sort());
    for (const count of scenarios.values()) expect(count).toBeGreaterThanOrEqual(6);
  });

  it.each(table)('%s: %s', async (id, _scenario, pkg, routes, outcome, requestCount) => {
    for (const [route, responses] of Object.entries(routes)) server.route(route, ...responses);
    const report = await fetchRegistryLicenses([pkg], options({ clearlyDefined: id === 'clearlydefined' }));
    expect(server.unrouted).toEqual([]);
    expect(server.requests).toHaveLength(requestCount);
    if (outcome === 'not found') {
      expect(report.notFound).toEqual([pkg.purl]);
      expect(report.licenses.size).toBe(0);
      return expect(report.problems).toEqual([]);
    }
    if ('problem' in outcome) {
      expect(report.licenses.size).toBe(0);
      expect(report.problems.map((p) => [p.code, p.purl])).toEqual([[outcome.problem, pkg.purl]]);
      return expect(report.problems[0]?.url?.startsWith(server.origin)).toBe(true);
    }
    expect(report.licenses.get(pkg.purl)).toEqual({
      licenses: outcome.licenses,
      source: id,
      url: `${server.origin}${outcome.at}`,
    });
    expect(report.problems).toEqual([]);
    expect(report.notFound).toEqual([]);
  });
});

describe('fetchRegistryLicenses: how it asks', () => {
  const many = Array.from({ length: 12 }, (_, i) => input('npm', `pkg-${i}`, '1.0.0'));
  const routeAll = () => {
    for (const p of many) server.route(`/npm/${p.name}/1.0.0`, ok('npm-normal.json'));
  };

  it('never has more than `concurrency` requests in flight, and does use them all', async () => {
    routeAll();
    // answers wait until three requests are held (or the last ones arrive): requests must overlap
    server.gate = (held, answered) => held === 3 || answered + held === many.length;
    let inFlight = 0;
    let maxInFlight = 0;
    const inner = localOnly();
    const counting: RegistryHttp = {
      fetchText: inner.fetchText,
      fetchJson: async (url) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          return await inner.fetchJson(url);
        } finally {
          inFlight--;
        }
      },
    };
    const report = await fetchRegistryLicenses(many, options({ concurrency: 3, http: counting }));
    expect(report.licenses.size).toBe(many.length);
    expect(server.requests).toHaveLength(many.length);
    expect(maxInFlight).toBe(3);
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
  });

  it('reports in the order packages were given, each purl asked once, with progress', async () => {
    routeAll();
    const progress: number[] = [];
    const report = await fetchRegistryLicenses(
      [...many, ...many],
      options({ concurrency: 5, onProgress: ({ done, total }) => progress.push(done * 100 + total) }),
    );
    expect([...report.licenses.keys()]).toEqual(many.map((p) => p.purl));
    expect(server.requests).toHaveLength(many.length);
    expect(progress).toEqual(many.map((_, i) => (i + 1) * 100 + many.length));
  });

  it('asks again after a cache hit nothing, and a second run makes no request at all', async () => {
    server.route('/npm/express/4.19.2', ok('npm-normal.json'));
    server.route('/npm/express/9.9.9', gone('npm-not-found.json'));
    server.route('/npm/left-pad-unlicensed/0.0.3', ok('npm-missing-license.json'));
    const wanted = [
      input('npm', 'express', '4.19.2'),
      input('npm', 'express', '9.9.9'),
      input('npm', 'left-pad-unlicensed', '0.0.3'),
    ];
    const cache = memoryRegistryLicenseCache();
    let now = new Date('2026-01-10T12:00:00Z');
    const run = () => fetchRegistryLicenses(wanted, options({ cache, now: () => now }));

    const first = await run();
    expect(server.requests).toHaveLength(3);
    expect(cache.entries.get('npm:pkg:npm/express@4.19.2')).toEqual({
      licenses: ['MIT'],
      source: 'npm',
      url: `${server.origin}/npm/express/4.19.2`,
      fetchedAt: '2026-01-10T12:00:00.000Z',
    });
    expect(cache.entries.get('npm:pkg:npm/express@9.9.9')?.licenses).toEqual([]);

    const second = await run();
    expect(server.requests).toHaveLength(3);
    expect(second).toEqual(first);
    expect(second.notFound).toEqual([wanted[1]?.purl, wanted[2]?.purl]);

    // a week on, what was not found is asked again; what was found is not
    now = new Date('2026-01-18T12:00:00Z');
    await run();
    expect(server.requests.slice(3).sort()).toEqual(['/npm/express/9.9.9', '/npm/left-pad-unlicensed/0.0.3']);
  });

  it('retries a request that times out once, then reports it with its URL', async () => {
    server.route('/crates-io/crates/slow/1.0.0', { hang: true }, ok('crates-io-normal.json'));
    server.route('/crates-io/crates/dead/1.0.0', { hang: true });
    const http = localOnly(createRegistryHttp({ timeoutMs: 150 }));
    const report = await fetchRegistryLicenses(
      [input('crates.io', 'slow', '1.0.0'), input('crates.io', 'dead', '1.0.0')],
      options({ http }),
    );
    expect(report.licenses.get('pkg:cargo/slow@1.0.0')?.licenses).toEqual(['MIT OR Apache-2.0']);
    expect(report.problems).toEqual([
      expect.objectContaining({
        code: 'ERR_OSPO_REGISTRY_UNAVAILABLE',
        purl: 'pkg:cargo/dead@1.0.0',
        registry: 'crates-io',
        url: `${server.origin}/crates-io/crates/dead/1.0.0`,
      }),
    ]);
    expect(report.notFound).toEqual([]);
    expect(server.requests.filter((r) => r.includes('/dead/'))).toHaveLength(2);
  });

  it('gives up after one retry on 5xx, and does not retry a 403', async () => {
    server.route('/rubygems/rubygems/down/versions/1.0.0.json', busy);
    server.route('/rubygems/rubygems/private/versions/1.0.0.json', { status: 403, body: 'Forbidden' });
    const report = await fetchRegistryLicenses(
      [input('RubyGems', 'down', '1.0.0'), input('RubyGems', 'private', '1.0.0')],
      options(),
    );
    expect(report.problems.map((p) => [p.code, p.purl])).toEqual([
      ['ERR_OSPO_REGISTRY_UNAVAILABLE', 'pkg:gem/down@1.0.0'],
      ['ERR_OSPO_REGISTRY_UNAVAILABLE', 'pkg:gem/private@1.0.0'],
    ]);
    expect(server.requests.filter((r) => r.includes('/down/'))).toHaveLength(2);
    expect(server.requests.filter((r) => r.includes('/private/'))).toHaveLength(1);
  });

  it('reports a refused connection as unavailable, with the URL', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const report = await fetchRegistryLicenses([input('npm', 'express', '4.19.2')], {
      baseUrls: { npm: `http://127.0.0.1:${port}` },
      retryDelayMs: 1,
      timeoutMs: 1000,
    });
    expect(report.problems).toEqual([
      expect.objectContaining({
        code: 'ERR_OSPO_REGISTRY_UNAVAILABLE',
        url: `http://127.0.0.1:${port}/express/4.19.2`,
      }),
    ]);
  });

  it('uses its own HTTP client by default, and skips what cannot be asked', async () => {
    server.route('/npm/express/4.19.2', ok('npm-normal.json'));
    const { http: _unused, ...defaults } = options();
    const report = await fetchRegistryLicenses(
      [input('npm', 'express', '4.19.2'), input('npm', 'no-version', null), input('Pub', 'http', '1.2.0')],
      defaults,
    );
    expect(report.licenses.get('pkg:npm/express@4.19.2')?.licenses).toEqual(['MIT']);
    expect(report.skipped).toEqual(['pkg:npm/no-version', 'pkg:pub/http@1.2.0']);
    expect(server.requests).toEqual(['/npm/express/4.19.2']);
  });

  it('refuses a body larger than the limit', async () => {
    server.route('/npm/express/4.19.2', ok('npm-normal.json'));
    const report = await fetchRegistryLicenses(
      [input('npm', 'express', '4.19.2')],
      options({ http: localOnly(createRegistryHttp({ maxBytes: 100 })) }),
    );
    expect(report.problems.map((p) => p.code)).toEqual(['ERR_OSPO_REGISTRY_RESPONSE']);
  });

  it('refuses a concurrency that is not a positive integer', async () => {
    await expect(fetchRegistryLicenses([], { concurrency: 0 })).rejects.toMatchObject({
      code: 'ERR_OSPO_REGISTRY_OPTIONS',
    });
  });
});
