import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtures, mutatedText } from '../../../../test/support/extractors.js';
import { OspoError } from '../../../core/errors.js';
import {
  clearlyDefinedCoordinates,
  normalizeNugetVersion,
  type RegistryAnswer,
  type RegistryHttp,
  type RegistryId,
  type RegistryPackage,
  registryLicenses,
  registryLookups,
  responseError,
} from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const BASE = 'https://registry.test';

/** Serves fixtures by URL from memory (`null`: 404); any other URL fails the test. Never a network. */
function fixtureHttp(routes: Record<string, string | null>): RegistryHttp & { asked: string[] } {
  const asked: string[] = [];
  const body = (url: string): string | null => {
    asked.push(url);
    if (!(url in routes)) throw new Error(`unexpected request: ${url}`);
    const name = routes[url];
    if (name === null || name === undefined) return null;
    const text = files.get(name);
    if (text === undefined) throw new Error(`no fixture ${name}`);
    return text.replaceAll('{{base}}', BASE);
  };
  return {
    asked,
    fetchText: async (url) => body(url),
    fetchJson: async (url) => {
      const text = body(url);
      if (text === null) return null;
      try {
        return JSON.parse(text) as unknown;
      } catch (e) {
        throw responseError(url, 'not JSON', e);
      }
    },
  };
}

type Expected = { licenses: string[]; url: string; warnings?: string[] } | null | { code: string };

const pkg = (ecosystem: RegistryPackage['ecosystem'], name: string, version: string) => ({
  ecosystem,
  name,
  version,
});

// [registry, scenario, package, routes (URL -> fixture, null = 404), expected]
const table: [RegistryId, string, RegistryPackage, Record<string, string | null>, Expected][] = [
  [
    'npm',
    'normal',
    pkg('npm', 'express', '4.19.2'),
    { [`${BASE}/express/4.19.2`]: 'npm-normal.json' },
    { licenses: ['MIT'], url: `${BASE}/express/4.19.2` },
  ],
  [
    'npm',
    'scoped name',
    pkg('npm', '@babel/core', '7.24.0'),
    { [`${BASE}/%40babel%2Fcore/7.24.0`]: 'npm-scoped.json' },
    { licenses: ['MIT'], url: `${BASE}/%40babel%2Fcore/7.24.0` },
  ],
  [
    'npm',
    'legacy license object',
    pkg('npm', 'uglify-js', '1.3.5'),
    { [`${BASE}/uglify-js/1.3.5`]: 'npm-license-object.json' },
    { licenses: ['BSD'], url: `${BASE}/uglify-js/1.3.5` },
  ],
  [
    'npm',
    'legacy licenses list',
    pkg('npm', 'json-schema', '0.2.3'),
    { [`${BASE}/json-schema/0.2.3`]: 'npm-legacy-licenses.json' },
    { licenses: ['AFLv2.1', 'BSD'], url: `${BASE}/json-schema/0.2.3` },
  ],
  [
    'npm',
    'missing license',
    pkg('npm', 'left-pad-unlicensed', '0.0.3'),
    { [`${BASE}/left-pad-unlicensed/0.0.3`]: 'npm-missing-license.json' },
    { licenses: [], url: `${BASE}/left-pad-unlicensed/0.0.3` },
  ],
  ['npm', '404', pkg('npm', 'express', '9.9.9'), { [`${BASE}/express/9.9.9`]: null }, null],
  [
    'npm',
    'wrong shape',
    pkg('npm', 'odd-license', '1.0.0'),
    { [`${BASE}/odd-license/1.0.0`]: 'npm-wrong-shape.json' },
    { code: 'ERR_OSPO_REGISTRY_RESPONSE' },
  ],
  [
    'npm',
    'malformed JSON',
    pkg('npm', 'express', '4.19.2'),
    { [`${BASE}/express/4.19.2`]: 'npm-malformed.json' },
    { code: 'ERR_OSPO_REGISTRY_RESPONSE' },
  ],
  [
    'npm',
    'a JSON string for a document',
    pkg('npm', 'express', '9.9.9'),
    { [`${BASE}/express/9.9.9`]: 'npm-not-found.json' },
    { code: 'ERR_OSPO_REGISTRY_RESPONSE' },
  ],

  [
    'pypi',
    'license expression',
    pkg('PyPI', 'packaging', '25.0'),
    { [`${BASE}/packaging/25.0/json`]: 'pypi-normal.json' },
    { licenses: ['Apache-2.0 OR BSD-2-Clause'], url: `${BASE}/packaging/25.0/json` },
  ],
  [
    'pypi',
    'legacy license field',
    pkg('PyPI', 'requests', '2.31.0'),
    { [`${BASE}/requests/2.31.0/json`]: 'pypi-legacy-license.json' },
    { licenses: ['Apache 2.0'], url: `${BASE}/requests/2.31.0/json` },
  ],
  [
    'pypi',
    'classifiers, name normalized',
    pkg('PyPI', 'MarkupSafe', '2.1.5'),
    { [`${BASE}/markupsafe/2.1.5/json`]: 'pypi-classifiers.json' },
    { licenses: ['License :: OSI Approved :: BSD License'], url: `${BASE}/markupsafe/2.1.5/json` },
  ],
  [
    'pypi',
    'license text in the field',
    pkg('PyPI', 'numpy_like', '1.26.4'),
    { [`${BASE}/numpy-like/1.26.4/json`]: 'pypi-license-text.json' },
    {
      licenses: ['License :: OSI Approved :: BSD License'],
      url: `${BASE}/numpy-like/1.26.4/json`,
      warnings: ['ERR_OSPO_REGISTRY_LICENSE_TEXT'],
    },
  ],
  [
    'pypi',
    'missing license (UNKNOWN)',
    pkg('PyPI', 'tiny-helper', '0.1'),
    { [`${BASE}/tiny-helper/0.1/json`]: 'pypi-missing-license.json' },
    { licenses: [], url: `${BASE}/tiny-helper/0.1/json` },
  ],
  ['pypi', '404', pkg('PyPI', 'nosuch', '1.0'), { [`${BASE}/nosuch/1.0/json`]: null }, null],
  [
    'pypi',
    'HTML instead of JSON',
    pkg('PyPI', 'requests', '2.31.0'),
    { [`${BASE}/requests/2.31.0/json`]: 'pypi-malformed.html' },
    { code: 'ERR_OSPO_REGISTRY_RESPONSE' },
  ],
  [
    'pypi',
    'JSON of another shape',
    pkg('PyPI', 'nosuch', '1.0'),
    { [`${BASE}/nosuch/1.0/json`]: 'pypi-not-found.json' },
    { code: 'ERR_OSPO_REGISTRY_RESPONSE' },
  ],

  [
    'crates-io',
    'normal',
    pkg('crates.io', 'serde', '1.0.200'),
    { [`${BASE}/crates/serde/1.0.200`]: 'crates-io-normal.json' },
    { licenses: ['MIT OR Apache-2.0'], url: `${BASE}/crates/serde/1.0.200` },
  ],
  [
    'crates-io',
    'legacy slash form, as written',
    pkg('crates.io', 'libc', '0.2.20'),
    { [`${BASE}/crates/libc/0.2.20`]: 'crates-io-legacy-slash.json' },
    { licenses: ['MIT/Apache-2.0'], url: `${BASE}/crates/libc/0.2.20` },
  ],
  [
    'crates-io',
    'missing license',
    pkg('crates.io', 'hello-world-tool', '0.1.0'),
    { [`${BASE}/crates/hello-world-tool/0.1.0`]: 'crates-io-missing-license.json' },
    { licenses: [], url: `${BASE}/crates/hello-world-tool/0.1.0` },
  ],
  ['crates-io', '404', pkg('crates.io', 'serde', '9.9.9'), { [`${BASE}/crates/serde/9.9.9`]: null }, null],
  [
    'crates-io',
    'malformed JSON',
    pkg('crates.io', 'serde', '1.0.200'),
    { [`${BASE}/crates/serde/1.0.200`]: 'crates-io-malformed.json' },
    { code: 'ERR_OSPO_REGISTRY_RESPONSE' },
  ],

  [
    'rubygems',
    'normal',
    pkg('RubyGems', 'rails', '7.1.3'),
    { [`${BASE}/rubygems/rails/versions/7.1.3.json`]: 'rubygems-normal.json' },
    { licenses: ['MIT'], url: `${BASE}/rubygems/rails/versions/7.1.3.json` },
  ],
  [
    'rubygems',
    'two licenses',
    pkg('RubyGems', 'racc', '1.7.3'),
    { [`${BASE}/rubygems/racc/versions/1.7.3.json`]: 'rubygems-multiple.json' },
    { licenses: ['Ruby', 'BSD-2-Clause'], url: `${BASE}/rubygems/racc/versions/1.7.3.json` },
  ],
  [
    'rubygems',
    'licenses null',
    pkg('RubyGems', 'coulda', '0.7.1'),
    { [`${BASE}/rubygems/coulda/versions/0.7.1.json`]: 'rubygems-missing-license.json' },
    { licenses: [], url: `${BASE}/rubygems/coulda/versions/0.7.1.json` },
  ],
  [
    'rubygems',
    '404',
    pkg('RubyGems', 'nosuch', '1.0.0'),
    { [`${BASE}/rubygems/nosuch/versions/1.0.0.json`]: null },
    null,
  ],
  [
    'rubygems',
    'licenses not a list',
    pkg('RubyGems', 'weird', '1.0.0'),
    { [`${BASE}/rubygems/weird/versions/1.0.0.json`]: 'rubygems-wrong-shape.json' },
    { code: 'ERR_OSPO_REGISTRY_RESPONSE' },
  ],
  [
    'rubygems',
    'malformed JSON',
    pkg('RubyGems', 'rails', '7.1.3'),
    { [`${BASE}/rubygems/rails/versions/7.1.3.json`]: 'rubygems-malformed.json' },
    { code: 'ERR_OSPO_REGISTRY_RESPONSE' },
  ],

  [
    'packagist',
    'newest version',
    pkg('Packagist', 'monolog/monolog', '3.5.0'),
    { [`${BASE}/p2/monolog/monolog.json`]: 'packagist-normal.json' },
    { licenses: ['MIT'], url: `${BASE}/p2/monolog/monolog.json` },
  ],
  [
    'packagist',
    'older version, license carried by minification',
    pkg('Packagist', 'monolog/monolog', '2.9.2'),
    { [`${BASE}/p2/monolog/monolog.json`]: 'packagist-normal.json' },
    { licenses: ['MIT'], url: `${BASE}/p2/monolog/monolog.json` },
  ],
  [
    'packagist',
    'relicensed, v-tag asked bare',
    pkg('Packagist', 'acme/relicensed', '2.0.0'),
    { [`${BASE}/p2/acme/relicensed.json`]: 'packagist-license-changed.json' },
    { licenses: ['GPL-2.0-or-later', 'MIT'], url: `${BASE}/p2/acme/relicensed.json` },
  ],
  [
    'packagist',
    'license __unset',
    pkg('Packagist', 'acme/relicensed', 'v1.0.0'),
    { [`${BASE}/p2/acme/relicensed.json`]: 'packagist-license-changed.json' },
    { licenses: [], url: `${BASE}/p2/acme/relicensed.json` },
  ],
  [
    'packagist',
    'legacy unminified, license as text',
    pkg('Packagist', 'Legacy/Satis-Package', '1.4.2'),
    { [`${BASE}/p2/legacy/satis-package.json`]: 'packagist-unminified.json' },
    { licenses: ['GPL-2.0-or-later'], url: `${BASE}/p2/legacy/satis-package.json` },
  ],
  [
    'packagist',
    'missing license',
    pkg('Packagist', 'legacy/satis-package', '1.4.1'),
    { [`${BASE}/p2/legacy/satis-package.json`]: 'packagist-unminified.json' },
    { licenses: [], url: `${BASE}/p2/legacy/satis-package.json` },
  ],
  [
    'packagist',
    'version not listed',
    pkg('Packagist', 'monolog/monolog', '1.0.0'),
    { [`${BASE}/p2/monolog/monolog.json`]: 'packagist-normal.json' },
    null,
  ],
  [
    'packagist',
    'branch version from ~dev',
    pkg('Packagist', 'monolog/monolog', 'dev-main'),
    { [`${BASE}/p2/monolog/monolog~dev.json`]: null },
    null,
  ],
  ['packagist', '404', pkg('Packagist', 'no/such', '1.0.0'), { [`${BASE}/p2/no/such.json`]: null }, null],
  [
    'packagist',
    'error JSON with 200',
    pkg('Packagist', 'no/such', '1.0.0'),
    { [`${BASE}/p2/no/such.json`]: 'packagist-not-found.json' },
    { code: 'ERR_OSPO_REGISTRY_RESPONSE' },
  ],
  [
    'packagist',
    'malformed JSON',
    pkg('Packagist', 'monolog/monolog', '3.5.0'),
    { [`${BASE}/p2/monolog/monolog.json`]: 'packagist-malformed.json' },
    { code: 'ERR_OSPO_REGISTRY_RESPONSE' },
  ],

  [
    'maven-central',
    'normal',
    pkg('Maven', 'junit:junit', '4.13.2'),
    { [`${BASE}/junit/junit/4.13.2/junit-4.13.2.pom`]: 'maven-central-normal.pom' },
    { licenses: ['Eclipse Public License 1.0'], url: `${BASE}/junit/junit/4.13.2/junit-4.13.2.pom` },
  ],
  [
    'maven-central',
    'two licenses',
    pkg('Maven', 'ch.qos.logback:logback-classic', '1.4.14'),
    {
      [`${BASE}/ch/qos/logback/logback-classic/1.4.14/logback-classic-1.4.14.pom`]:
        'maven-central-two-licenses.pom',
    },
    {
      licenses: ['Eclipse Public License - v 1.0', 'GNU Lesser General Public License'],
      url: `${BASE}/ch/qos/logback/logback-classic/1.4.14/logback-classic-1.4.14.pom`,
    },
  ],
  [
    'maven-central',
    'inherited from the parent POM',
    pkg('Maven', 'com.google.guava:guava', '33.0.0-jre'),
    {
      [`${BASE}/com/google/guava/guava/33.0.0-jre/guava-33.0.0-jre.pom`]: 'maven-central-inherits.pom',
      [`${BASE}/com/google/guava/guava-parent/33.0.0-jre/guava-parent-33.0.0-jre.pom`]:
        'maven-central-parent.pom',
    },
    {
      licenses: ['Apache License, Version 2.0'],
      url: `${BASE}/com/google/guava/guava-parent/33.0.0-jre/guava-parent-33.0.0-jre.pom`,
    },
  ],
  [
    'maven-central',
    'parent POM not found',
    pkg('Maven', 'com.google.guava:guava', '33.0.0-jre'),
    {
      [`${BASE}/com/google/guava/guava/33.0.0-jre/guava-33.0.0-jre.pom`]: 'maven-central-inherits.pom',
      [`${BASE}/com/google/guava/guava-parent/33.0.0-jre/guava-parent-33.0.0-jre.pom`]: null,
    },
    { licenses: [], url: `${BASE}/com/google/guava/guava/33.0.0-jre/guava-33.0.0-jre.pom` },
  ],
  [
    'maven-central',
    'license by URL only, parent not asked',
    pkg('Maven', 'org.example.old:url-licensed', '2.1'),
    { [`${BASE}/org/example/old/url-licensed/2.1/url-licensed-2.1.pom`]: 'maven-central-url-only.pom' },
    {
      licenses: [],
      url: `${BASE}/org/example/old/url-licensed/2.1/url-licensed-2.1.pom`,
      warnings: ['ERR_OSPO_REGISTRY_LICENSE_URL'],
    },
  ],
  [
    'maven-central',
    'missing license, no parent',
    pkg('Maven', 'net.example:no-license-declared', '0.9.1'),
    {
      [`${BASE}/net/example/no-license-declared/0.9.1/no-license-declared-0.9.1.pom`]:
        'maven-central-missing-license.pom',
    },
    { licenses: [], url: `${BASE}/net/example/no-license-declared/0.9.1/no-license-declared-0.9.1.pom` },
  ],
  [
    'maven-central',
    '404',
    pkg('Maven', 'junit:junit', '9.9'),
    { [`${BASE}/junit/junit/9.9/junit-9.9.pom`]: null },
    null,
  ],
  ['maven-central', 'not group:artifact', pkg('Maven', 'junit', '4.13.2'), {}, null],
  [
    'maven-central',
    'HTML instead of a POM',
    pkg('Maven', 'junit:junit', '4.13.2'),
    { [`${BASE}/junit/junit/4.13.2/junit-4.13.2.pom`]: 'maven-central-not-found.html' },
    { code: 'ERR_OSPO_REGISTRY_RESPONSE' },
  ],
  [
    'maven-central',
    'malformed XML',
    pkg('Maven', 'junit:junit', '4.13.2'),
    { [`${BASE}/junit/junit/4.13.2/junit-4.13.2.pom`]: 'maven-central-malformed.pom' },
    { code: 'ERR_OSPO_REGISTRY_RESPONSE' },
  ],

  [
    'nuget',
    'license expression',
    pkg('NuGet', 'Newtonsoft.Json', '13.0.3'),
    {
      [`${BASE}/newtonsoft.json/13.0.3.json`]: 'nuget-leaf.json',
      [`${BASE}/nuget-catalog/data/2023.03.08.07.46.17/newtonsoft.json.13.0.3.json`]:
        'nuget-catalog-normal.json',
    },
    { licenses: ['MIT'], url: `${BASE}/nuget-catalog/data/2023.03.08.07.46.17/newtonsoft.json.13.0.3.json` },
  ],
  [
    'nuget',
    'legacy licenseUrl: a warning',
    pkg('NuGet', 'Newtonsoft.Json', '13.0.3'),
    {
      [`${BASE}/newtonsoft.json/13.0.3.json`]: 'nuget-leaf.json',
      [`${BASE}/nuget-catalog/data/2023.03.08.07.46.17/newtonsoft.json.13.0.3.json`]:
        'nuget-catalog-license-url.json',
    },
    {
      licenses: [],
      url: `${BASE}/nuget-catalog/data/2023.03.08.07.46.17/newtonsoft.json.13.0.3.json`,
      warnings: ['ERR_OSPO_REGISTRY_LICENSE_URL'],
    },
  ],
  [
    'nuget',
    'licenseUrl on licenses.nuget.org',
    pkg('NuGet', 'Newtonsoft.Json', '13.0.3'),
    {
      [`${BASE}/newtonsoft.json/13.0.3.json`]: 'nuget-leaf.json',
      [`${BASE}/nuget-catalog/data/2023.03.08.07.46.17/newtonsoft.json.13.0.3.json`]:
        'nuget-catalog-licenses-nuget-org.json',
    },
    {
      licenses: ['(MIT OR Apache-2.0)'],
      url: `${BASE}/nuget-catalog/data/2023.03.08.07.46.17/newtonsoft.json.13.0.3.json`,
    },
  ],
  [
    'nuget',
    'missing license',
    pkg('NuGet', 'Newtonsoft.Json', '13.0.3'),
    {
      [`${BASE}/newtonsoft.json/13.0.3.json`]: 'nuget-leaf.json',
      [`${BASE}/nuget-catalog/data/2023.03.08.07.46.17/newtonsoft.json.13.0.3.json`]:
        'nuget-catalog-missing-license.json',
    },
    { licenses: [], url: `${BASE}/nuget-catalog/data/2023.03.08.07.46.17/newtonsoft.json.13.0.3.json` },
  ],
  [
    'nuget',
    'catalog entry inline',
    pkg('NuGet', 'Inline.Pkg', '1.0.0'),
    { [`${BASE}/inline.pkg/1.0.0.json`]: 'nuget-catalog-inline.json' },
    { licenses: ['Apache-2.0'], url: `${BASE}/inline.pkg/1.0.0.json` },
  ],
  [
    'nuget',
    'catalog entry not http(s)',
    pkg('NuGet', 'Evil.Pkg', '1.0.0'),
    { [`${BASE}/evil.pkg/1.0.0.json`]: 'nuget-leaf-bad-catalog.json' },
    { code: 'ERR_OSPO_REGISTRY_RESPONSE' },
  ],
  [
    'nuget',
    '404, version normalized',
    pkg('NuGet', 'Newtonsoft.Json', '13.0.3.0+build.7'),
    { [`${BASE}/newtonsoft.json/13.0.3.json`]: null },
    null,
  ],
  [
    'nuget',
    'malformed JSON',
    pkg('NuGet', 'Newtonsoft.Json', '13.0.3'),
    { [`${BASE}/newtonsoft.json/13.0.3.json`]: 'nuget-malformed.json' },
    { code: 'ERR_OSPO_REGISTRY_RESPONSE' },
  ],

  [
    'clearlydefined',
    'declared',
    pkg('npm', 'lodash', '4.17.21'),
    { [`${BASE}/definitions/npm/npmjs/-/lodash/4.17.21`]: 'clearlydefined-normal.json' },
    { licenses: ['MIT'], url: `${BASE}/definitions/npm/npmjs/-/lodash/4.17.21` },
  ],
  [
    'clearlydefined',
    'not harvested',
    pkg('Go', 'github.com/example/unharvested', '0.3.1'),
    {
      [`${BASE}/definitions/go/golang/github.com%2Fexample/unharvested/v0.3.1`]:
        'clearlydefined-not-harvested.json',
    },
    null,
  ],
  [
    'clearlydefined',
    'NOASSERTION',
    pkg('PyPI', 'Mystery_Lib', '0.2.0'),
    { [`${BASE}/definitions/pypi/pypi/-/mystery-lib/0.2.0`]: 'clearlydefined-noassertion.json' },
    null,
  ],
  ['clearlydefined', 'no coordinates for the ecosystem', pkg('CRAN', 'ggplot2', '3.5.0'), {}, null],
  [
    'clearlydefined',
    '404',
    pkg('npm', 'lodash', '0.0.0'),
    { [`${BASE}/definitions/npm/npmjs/-/lodash/0.0.0`]: null },
    null,
  ],
  [
    'clearlydefined',
    'declared not text',
    pkg('npm', 'odd', '1.0.0'),
    { [`${BASE}/definitions/npm/npmjs/-/odd/1.0.0`]: 'clearlydefined-wrong-shape.json' },
    { code: 'ERR_OSPO_REGISTRY_RESPONSE' },
  ],
  [
    'clearlydefined',
    'malformed JSON',
    pkg('npm', 'lodash', '4.17.21'),
    { [`${BASE}/definitions/npm/npmjs/-/lodash/4.17.21`]: 'clearlydefined-malformed.json' },
    { code: 'ERR_OSPO_REGISTRY_RESPONSE' },
  ],
];

describe('registry license lookups', () => {
  it.each(table)('%s: %s', async (id, _scenario, wanted, routes, expected) => {
    const http = fixtureHttp(routes);
    const lookup = registryLookups[id];
    const outcome: RegistryAnswer | null | OspoError = await lookup
      .lookup(wanted, http, BASE)
      .catch((e: unknown) => (e instanceof OspoError ? e : Promise.reject(e)));
    expect(http.asked.every((u) => u in routes)).toBe(true);
    if (expected === null) return expect(outcome).toBeNull();
    if ('code' in expected) {
      expect(outcome).toBeInstanceOf(OspoError);
      expect((outcome as OspoError).code).toBe(expected.code);
      return expect(typeof (outcome as OspoError).details?.url).toBe('string');
    }
    const answer = outcome as RegistryAnswer;
    expect({ licenses: answer.licenses, url: answer.url }).toEqual({
      licenses: expected.licenses,
      url: expected.url,
    });
    expect(answer.warnings.map((w) => w.code)).toEqual(expected.warnings ?? []);
  });

  it.each([
    ['npm', pkg('npm', '@babel/core', '7.24.0'), 'https://registry.npmjs.org/%40babel%2Fcore/7.24.0'],
    ['pypi', pkg('PyPI', 'Zope.Interface', '6.0'), 'https://pypi.org/pypi/zope-interface/6.0/json'],
    ['crates-io', pkg('crates.io', 'serde', '1.0.200'), 'https://crates.io/api/v1/crates/serde/1.0.200'],
    [
      'rubygems',
      pkg('RubyGems', 'rails', '7.1.3'),
      'https://rubygems.org/api/v2/rubygems/rails/versions/7.1.3.json',
    ],
    [
      'packagist',
      pkg('Packagist', 'Monolog/Monolog', '3.5.0'),
      'https://repo.packagist.org/p2/monolog/monolog.json',
    ],
    [
      'maven-central',
      pkg('Maven', 'org.apache.commons:commons-lang3', '3.14.0'),
      'https://repo1.maven.org/maven2/org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.pom',
    ],
    [
      'nuget',
      pkg('NuGet', 'Newtonsoft.Json', '13.0.3'),
      'https://api.nuget.org/v3/registration5-gz-semver2/newtonsoft.json/13.0.3.json',
    ],
    [
      'clearlydefined',
      pkg('Maven', 'org.apache.commons:commons-lang3', '3.14.0'),
      'https://api.clearlydefined.io/definitions/maven/mavencentral/org.apache.commons/commons-lang3/3.14.0',
    ],
  ] as const)('%s asks the public registry by default', async (id, wanted, url) => {
    const http = fixtureHttp({ [url]: null });
    expect(await registryLookups[id].lookup(wanted, http)).toBeNull();
    expect(http.asked).toEqual([url]);
  });

  it('finds the registry of each ecosystem, and none where there is none', () => {
    expect(registryLicenses.forEcosystem('npm')?.id).toBe('npm');
    expect(registryLicenses.forEcosystem('Maven')?.id).toBe('maven-central');
    expect(registryLicenses.forEcosystem('Go')).toBeNull();
    expect(registryLicenses.forEcosystem('CRAN')).toBeNull();
    for (const [id, lookup] of Object.entries(registryLookups)) expect(lookup.id).toBe(id);
  });

  it.each([
    ['1.0.0', '1.0.0'],
    ['1.02.0.0', '1.2.0'],
    ['1.0.0.1', '1.0.0.1'],
    ['2.0.0-Beta.1+sha.abc', '2.0.0-Beta.1'],
    ['not.a.version', 'not.a.version'],
  ])('normalizes NuGet version %s to %s', (raw, normalized) => {
    expect(normalizeNugetVersion(raw)).toBe(normalized);
  });

  it.each([
    [pkg('npm', '@types/node', '20.1.0'), 'npm/npmjs/%40types/node/20.1.0'],
    [pkg('Packagist', 'symfony/console', 'v6.4.3'), 'composer/packagist/symfony/console/v6.4.3'],
    [pkg('Go', 'golang.org/x/text', '0.14.0'), 'go/golang/golang.org%2Fx/text/v0.14.0'],
    [pkg('NuGet', 'Newtonsoft.Json', '13.0.3'), 'nuget/nuget/-/Newtonsoft.Json/13.0.3'],
    [pkg('Pub', 'http', '1.2.0'), null],
  ])('ClearlyDefined coordinates of %o', (wanted, expected) => {
    expect(clearlyDefinedCoordinates(wanted)).toBe(expected);
  });
});

describe('registry response parsers under fuzzing', () => {
  const jsonSamples = [...files.entries()]
    .filter(([name]) => name.endsWith('.json'))
    .flatMap(([, text]) => {
      try {
        return [JSON.parse(text.replaceAll('{{base}}', BASE)) as unknown];
      } catch {
        return [];
      }
    });
  const textSamples = [...files.values()];
  const nearMisses = fc
    .tuple(fc.constantFrom(...jsonSamples), fc.nat(), fc.jsonValue())
    .map(([doc, n, value]) => replaceNode(doc, n, value));
  const anyJson = fc.oneof(fc.jsonValue(), nearMisses, nearMisses, fc.constant(null));
  const anyText = fc.oneof(fc.string(), mutatedText(textSamples), fc.constantFrom(...textSamples));
  const wanted = fc.record({
    ecosystem: fc.constantFrom('npm', 'PyPI', 'crates.io', 'RubyGems', 'Packagist', 'Maven', 'NuGet', 'Go'),
    name: fc.oneof(fc.string(), fc.constantFrom('monolog/monolog', 'junit:junit', '@scope/x', 'a/b/c')),
    version: fc.oneof(fc.string(), fc.constantFrom('1.0.0', '3.5.0', 'v2.1.0', 'dev-main')),
  });

  it.each(Object.keys(registryLookups) as RegistryId[])(
    '%s: any document gives an answer, null or a coded error',
    async (id) => {
      await fc.assert(
        fc.asyncProperty(wanted, anyJson, anyText, async (p, json, text) => {
          const http: RegistryHttp = { fetchJson: async () => json, fetchText: async () => text };
          try {
            const answer = await registryLookups[id].lookup(p, http, BASE);
            if (answer) {
              expect(answer.licenses.every((l) => typeof l === 'string' && l.trim() === l && l !== '')).toBe(
                true,
              );
              expect(typeof answer.url).toBe('string');
            }
          } catch (error) {
            if (!(error instanceof OspoError)) throw error;
            expect(error.code).toMatch(/^ERR_OSPO_REGISTRY_/);
          }
        }),
        { numRuns: 300 },
      );
    },
  );
});

/** The document with its n-th node (depth first) replaced: a near miss of the registry's shape. */
function replaceNode(doc: unknown, n: number, value: unknown): unknown {
  let count = 0;
  const walk = (node: unknown): unknown => {
    if (count++ === n) return value;
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    }
    return node;
  };
  return walk(doc);
}
