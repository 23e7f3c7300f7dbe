import { z } from 'zod';
import { parseXmlFile } from '../../../core/formats.js';
import {
  asResponse,
  cleanLicenses,
  expectResponse,
  type RegistryAnswer,
  type RegistryHttp,
  type RegistryLookup,
  type RegistryWarning,
  trimBase,
} from './types.js';

const BASE = 'https://repo1.maven.org/maven2';

/** fast-xml-parser gives an element's text as a string, or as `{ '#text' }` when it has attributes. */
const text = z.unknown().transform(nodeText);
const license = z.union([z.object({ name: text.optional(), url: text.optional() }), z.string()]);
const pomDocument = z.object({
  project: z.union([
    z.object({
      licenses: z
        .union([z.object({ license: z.union([license, z.array(license)]).optional() }), z.string()])
        .optional(),
      parent: z
        .union([
          z.object({ groupId: text.optional(), artifactId: text.optional(), version: text.optional() }),
          z.string(),
        ])
        .optional(),
    }),
    z.string(),
  ]),
});

interface Coordinates {
  group: string;
  artifact: string;
  version: string;
}

/**
 * Maven Central: the release's POM, `<licenses><license><name>`. A POM that declares no licenses
 * inherits its parent's; that parent POM (one level up, not further) is read instead.
 */
export const mavenCentralRegistry = {
  id: 'maven-central',
  ecosystems: ['Maven'],
  defaultBaseUrl: BASE,
  lookup: async (pkg, http, baseUrl = BASE) => {
    const at = pkg.name.indexOf(':');
    if (at <= 0 || at === pkg.name.length - 1) return null;
    const own = { group: pkg.name.slice(0, at), artifact: pkg.name.slice(at + 1), version: pkg.version };
    const pom = await readPom(own, http, baseUrl);
    if (!pom || pom.answer.licenses.length > 0 || pom.declares || !pom.parent) return pom?.answer ?? null;
    const parent = await readPom(pom.parent, http, baseUrl);
    return parent && (parent.answer.licenses.length > 0 || parent.declares) ? parent.answer : pom.answer;
  },
} satisfies RegistryLookup;

interface Pom {
  answer: RegistryAnswer;
  /** A `<license>` element was there, named or not: the POM does not inherit. */
  declares: boolean;
  parent: Coordinates | null;
}

async function readPom(at: Coordinates, http: RegistryHttp, baseUrl: string): Promise<Pom | null> {
  const url = pomUrl(at, baseUrl);
  const body = await http.fetchText(url);
  if (body === null) return null;
  const doc = expectResponse(
    pomDocument,
    asResponse(url, () => parseXmlFile(body, url)),
    url,
  );
  const project = typeof doc.project === 'string' ? {} : doc.project;
  const listed = typeof project.licenses === 'object' ? project.licenses.license : undefined;
  const entries = (listed === undefined ? [] : [listed].flat()).map((l) =>
    typeof l === 'string' ? { name: undefined, url: undefined } : l,
  );
  const licenses = cleanLicenses(entries.map((l) => l.name));
  const warnings: RegistryWarning[] = [];
  const urls = cleanLicenses(entries.filter((l) => !l.name?.trim()).map((l) => l.url));
  if (urls.length > 0) {
    warnings.push({
      code: 'ERR_OSPO_REGISTRY_LICENSE_URL',
      message: `${url}: a license is given by URL only (${urls.join(', ')})`,
    });
  }
  const p = typeof project.parent === 'object' ? project.parent : undefined;
  const parent =
    p?.groupId && p.artifactId && p.version
      ? { group: p.groupId.trim(), artifact: p.artifactId.trim(), version: p.version.trim() }
      : null;
  return { answer: { licenses, url, warnings }, declares: entries.length > 0, parent };
}

function pomUrl({ group, artifact, version }: Coordinates, baseUrl: string): string {
  const a = encodeURIComponent(artifact);
  const v = encodeURIComponent(version);
  const g = group.split('.').map(encodeURIComponent).join('/');
  return `${trimBase(baseUrl)}/${g}/${a}/${v}/${a}-${v}.pom`;
}

function nodeText(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (typeof node !== 'object' || node === null || !('#text' in node)) return undefined;
  return typeof node['#text'] === 'string' ? node['#text'] : undefined;
}
