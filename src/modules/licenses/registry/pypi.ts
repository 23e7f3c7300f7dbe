import { z } from 'zod';
import { normalizePypiName } from '../../../core/purl.js';
import {
  cleanLicenses,
  expectResponse,
  type RegistryLookup,
  type RegistryWarning,
  trimBase,
} from './types.js';

const BASE = 'https://pypi.org/pypi';

const releaseDocument = z.object({
  info: z.object({
    license_expression: z.string().nullish(),
    license: z.string().nullish(),
    classifiers: z.array(z.string()).nullish(),
  }),
});

/** Longer than a name: setuptools let authors paste the whole license text into `license`. */
const MAX_NAME_LENGTH = 120;

/**
 * PyPI: the release document at `/{name}/{version}/json`. PEP 639's `license_expression` first, then
 * the free-text `license` when it reads as a name, then the `License ::` trove classifiers, kept whole
 * (`License :: OSI Approved :: BSD License` says more than `BSD License`).
 */
export const pypiRegistry = {
  id: 'pypi',
  ecosystems: ['PyPI'],
  defaultBaseUrl: BASE,
  lookup: async (pkg, http, baseUrl = BASE) => {
    const name = encodeURIComponent(normalizePypiName(pkg.name));
    const url = `${trimBase(baseUrl)}/${name}/${encodeURIComponent(pkg.version)}/json`;
    const body = await http.fetchJson(url);
    if (body === null) return null;
    const { info } = expectResponse(releaseDocument, body, url);
    const warnings: RegistryWarning[] = [];

    const expression = cleanLicenses([info.license_expression]);
    if (expression.length > 0) return { licenses: expression, url, warnings };

    const free = info.license?.trim() ?? '';
    if (free !== '' && free.toUpperCase() !== 'UNKNOWN') {
      if (free.length <= MAX_NAME_LENGTH && !free.includes('\n')) return { licenses: [free], url, warnings };
      warnings.push({
        code: 'ERR_OSPO_REGISTRY_LICENSE_TEXT',
        message: `${url}: info.license holds ${free.length} characters of text, not a license name`,
      });
    }

    const classifiers = (info.classifiers ?? []).filter(
      (c) => c.startsWith('License :: ') && c.trim() !== 'License :: OSI Approved',
    );
    return { licenses: cleanLicenses(classifiers), url, warnings };
  },
} satisfies RegistryLookup;
