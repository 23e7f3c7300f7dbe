/**
 * Trove license classifiers (`License :: OSI Approved :: ...`) of the common licenses, as SPDX ids.
 * `BSD License` does not say which BSD; it is read as BSD-3-Clause, its usual meaning. `Apache Software
 * License` is read as Apache-2.0. Unversioned GPL/LGPL classifiers are left out.
 */
const CLASSIFIERS: Record<string, string> = {
  'MIT License': 'MIT',
  'MIT No Attribution License (MIT-0)': 'MIT-0',
  'BSD License': 'BSD-3-Clause',
  'Zero-Clause BSD (0BSD)': '0BSD',
  'Apache Software License': 'Apache-2.0',
  'GNU General Public License v2 (GPLv2)': 'GPL-2.0-only',
  'GNU General Public License v2 or later (GPLv2+)': 'GPL-2.0-or-later',
  'GNU General Public License v3 (GPLv3)': 'GPL-3.0-only',
  'GNU General Public License v3 or later (GPLv3+)': 'GPL-3.0-or-later',
  'GNU Lesser General Public License v2 (LGPLv2)': 'LGPL-2.0-only',
  'GNU Lesser General Public License v2 or later (LGPLv2+)': 'LGPL-2.0-or-later',
  'GNU Lesser General Public License v3 (LGPLv3)': 'LGPL-3.0-only',
  'GNU Lesser General Public License v3 or later (LGPLv3+)': 'LGPL-3.0-or-later',
  'GNU Affero General Public License v3': 'AGPL-3.0-only',
  'GNU Affero General Public License v3 or later (AGPLv3+)': 'AGPL-3.0-or-later',
  'Mozilla Public License 2.0 (MPL 2.0)': 'MPL-2.0',
  'ISC License (ISCL)': 'ISC',
  'Python Software Foundation License': 'PSF-2.0',
  'The Unlicense (Unlicense)': 'Unlicense',
};

/** SPDX ids of the license classifiers that map to one; others are left out. */
export function classifierLicenses(classifiers: readonly string[]): string[] {
  const ids: string[] = [];
  for (const classifier of classifiers) {
    const parts = classifier.split('::').map((p) => p.trim());
    if (parts[0] !== 'License') continue;
    const id = CLASSIFIERS[parts[parts.length - 1] ?? ''];
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
