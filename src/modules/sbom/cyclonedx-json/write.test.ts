import { describe, expect, it } from 'vitest';
import type { OspoError } from '../../../core/errors.js';
import { combineLicenses } from '../licenses.js';
import { cycloneDxValidator, expectRoundTrip, sampleInventory, writeOptions } from '../test-support.js';
import { cycloneDxJson } from './index.js';

interface Written {
  specVersion: string;
  metadata: { component?: Record<string, unknown>; tools: unknown };
  components: Record<string, unknown>[];
  dependencies: { ref: string; dependsOn: string[] }[];
}

const write = (specVersion?: string) =>
  cycloneDxJson.write(sampleInventory(), { ...writeOptions, ...(specVersion ? { specVersion } : {}) });
const parsed = (specVersion?: string) => JSON.parse(write(specVersion)) as Written;
const component = (bom: Written, purl: string) => bom.components.find((c) => c.purl === purl);

describe('cyclonedx-json write', () => {
  it.each(['1.6', '1.7'])('writes CycloneDX %s that the official schema accepts', (version) => {
    const validate = cycloneDxValidator(version);
    const ok = validate(parsed(version));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(validate({ ...parsed(version), serialNumber: 'not-a-urn' })).toBe(false);
  });

  it('defaults to 1.6 and is reproducible byte for byte', () => {
    expect(parsed().specVersion).toBe('1.6');
    expect(write()).toBe(write());
    const shuffled = sampleInventory();
    shuffled.packages.reverse();
    shuffled.dependencies.reverse();
    expect(cycloneDxJson.write(shuffled, writeOptions)).toBe(write());
  });

  it('splits group and name the way CycloneDX tools do, keeps Go v, maps scopes', () => {
    const bom = parsed();
    expect(component(bom, 'pkg:npm/%40babel/core@7.23.9')).toMatchObject({
      group: '@babel',
      name: 'core',
      scope: 'excluded',
      'bom-ref': 'pkg:npm/%40babel/core@7.23.9',
    });
    expect(component(bom, 'pkg:maven/org.apache.commons/commons-lang3@3.14.0')).toMatchObject({
      group: 'org.apache.commons',
      name: 'commons-lang3',
      scope: 'required',
      evidence: { occurrences: [{ location: 'pom.xml' }, { location: 'sub/pom.xml' }] },
    });
    const go = component(bom, 'pkg:golang/github.com/Masterminds/semver/v3@v3.1.0');
    expect(go).toMatchObject({ name: 'github.com/Masterminds/semver/v3', version: 'v3.1.0' });
    expect(go).not.toHaveProperty('scope');
    expect(go?.properties).toContainEqual({ name: 'ospokit:scope', value: 'unknown' });
    expect(bom.metadata.component).toMatchObject({ type: 'application', name: 'web-app', version: '2.0.0' });
  });

  it('writes ids, expressions and names; 1.6 folds a compound list into one expression', () => {
    const v16 = parsed('1.6');
    const v17 = parsed('1.7');
    expect(component(v16, 'pkg:npm/fsevents@2.3.3')?.licenses).toEqual([{ expression: 'MIT OR Apache-2.0' }]);
    expect(component(v16, 'pkg:pypi/django-rest@1.0.0')?.licenses).toEqual([
      { license: { id: 'BSD-3-Clause' } },
      { license: { name: 'Custom Corp License' } },
    ]);
    expect(component(v16, 'pkg:cargo/serde@1.0.197')?.licenses).toEqual([
      { expression: 'MIT AND (Apache-2.0 OR MIT)' },
    ]);
    expect(component(v17, 'pkg:cargo/serde@1.0.197')?.licenses).toEqual([
      { license: { id: 'MIT' } },
      { expression: 'Apache-2.0 OR MIT' },
    ]);
  });

  it('lists every component in dependencies, the subject with its direct dependencies', () => {
    const bom = parsed();
    expect(bom.dependencies.map((d) => d.ref).sort()).toEqual(
      [...bom.components.map((c) => String(c.purl)), 'pkg:npm/web-app@2.0.0'].sort(),
    );
    expect(bom.dependencies.find((d) => d.ref === 'pkg:npm/web-app@2.0.0')?.dependsOn).toEqual([
      'pkg:maven/org.apache.commons/commons-lang3@3.14.0',
      'pkg:npm/%40babel/core@7.23.9',
    ]);
  });

  it.each(['1.6', '1.7'])(
    'round-trips packages, purls, licenses, edges, scopes and direct (%s)',
    (version) => {
      const original = sampleInventory();
      const licenses =
        version === '1.7' ? undefined : (p: { licenses: string[] }) => combineLicenses(p.licenses);
      const back = expectRoundTrip(
        cycloneDxJson,
        original,
        { ...writeOptions, specVersion: version },
        licenses,
      );
      const view = (i: typeof original) =>
        [...i.packages]
          .sort((a, b) => a.purl.localeCompare(b.purl))
          .map((p) => [p.purl, p.scope, p.locations]);
      expect(view(back)).toEqual(view(original));
      expect(back.packages.find((p) => p.name === '@babel/core')?.direct).toBe(true);
    },
  );

  it('writes edge ends that are no package as project applications, read back as edge ends only', () => {
    const bom = parsed();
    expect(component(bom, 'pkg:cargo/app@0.1.0')).toEqual({
      type: 'application',
      'bom-ref': 'pkg:cargo/app@0.1.0',
      name: 'app',
      version: '0.1.0',
      purl: 'pkg:cargo/app@0.1.0',
      properties: [{ name: 'ospokit:role', value: 'project' }],
    });
    expect(bom.dependencies.find((d) => d.ref === 'pkg:cargo/app@0.1.0')?.dependsOn).toEqual([
      'pkg:cargo/serde@1.0.197',
      'pkg:cargo/util@0.1.0',
    ]);
    const back = cycloneDxJson.read(write(), 'bom.json');
    expect(back.packages.map((p) => p.purl)).not.toContain('pkg:cargo/app@0.1.0');
    expect(back.packages).toHaveLength(sampleInventory().packages.length);
    expect(back.dependencies).toContainEqual({ from: 'pkg:cargo/app@0.1.0', to: 'pkg:cargo/util@0.1.0' });
    // without our marker an application component is a package like any other
    const foreign = JSON.parse(write()) as Written;
    for (const c of foreign.components) delete c.properties;
    const read = cycloneDxJson.read(JSON.stringify(foreign), 'other-tool.json');
    expect(read.packages.map((p) => p.purl)).toContain('pkg:cargo/app@0.1.0');
  });

  it('refuses spec versions it cannot write', () => {
    const error = (() => {
      try {
        write('1.4');
      } catch (e) {
        return e as OspoError;
      }
    })();
    expect(error?.code).toBe('ERR_OSPO_SBOM_VERSION');
  });
});
