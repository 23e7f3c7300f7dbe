import {
  DEFAULT_MAX_LICENSE_BYTES,
  type LicenseDetector,
  type LicenseFileKind,
} from '../../../core/licenses.js';
import { decodeText } from '../../../core/text.js';
import { licenseIndex, setLicenseIndex } from './corpus.js';
import { detectLicenseText } from './detect.js';
import { indexFingerprint, restoreLicenseIndex, serializeLicenseIndex } from './index-io.js';

export { licenseIndex } from './corpus.js';

/**
 * The SPDX index saved and restored as bytes, so a caller with a cache folder spares the ~0.4 s build
 * in every process. Storage is the caller's: this plug-in touches no file.
 */
export const licenseIndexStore = {
  fingerprint: indexFingerprint,
  save: (): Uint8Array => serializeLicenseIndex(licenseIndex()),
  /** Use saved bytes; false (and nothing changed) when they are not a usable index. */
  restore: (bytes: Uint8Array): boolean => {
    const index = restoreLicenseIndex(bytes);
    if (index) setLicenseIndex(index);
    return index !== null;
  },
};

/** License texts, standard notices and license statements in license files, NOTICEs and READMEs. */
export const licenseText = {
  id: 'license-text',
  version: 1,
  detect: async (input) => {
    const text = decodeText(input.content, input.path, input.maxBytes ?? DEFAULT_MAX_LICENSE_BYTES);
    const found = detectLicenseText(text, input.kind);
    if (!found) return [];
    if (input.kind !== 'license' && found.expression === null && found.copyrights.length === 0) return [];
    return [
      {
        expression: found.expression,
        source: input.kind === 'readme' ? 'readme' : 'license-file',
        confidence: found.confidence,
        path: input.path,
        ...(found.startLine !== undefined ? { startLine: found.startLine } : {}),
        ...(found.endLine !== undefined ? { endLine: found.endLine } : {}),
        matches: found.matches,
        copyrights: found.copyrights,
      },
    ];
  },
} satisfies LicenseDetector;

const CODE_EXTENSIONS = new Set(
  (
    'js mjs cjs ts mts cts tsx jsx go py pyc rb java kt kts scala c h cc cpp hpp cs rs swift php pl pm sh ' +
    'bash zsh ps1 bat cmd lua r m mm dart ex exs erl hs ml clj groovy gradle json yml yaml toml xml ini ' +
    'cfg lock html htm css scss less svg png jpg jpeg gif ico pdf zip gz tgz jar war class so dll o a ' +
    'exe wasm map snap tmpl tpl'
  ).split(' '),
);

/**
 * What a file is to license detection, from its path alone: LICENSE*, LICENCE*, COPYING*, UNLICENSE,
 * files under a REUSE `LICENSES/` folder (license); NOTICE*, COPYRIGHT* (notice); README* (readme);
 * anything else null. Source files named like a license (`license.ts`) are not license files.
 */
export function licenseFileKind(path: string): Exclude<LicenseFileKind, 'source'> | null {
  const parts = path.split('/');
  const name = parts[parts.length - 1] ?? '';
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (CODE_EXTENSIONS.has(extension)) return null;
  if (parts.length >= 2 && parts[parts.length - 2] === 'LICENSES') return 'license';
  if (LICENSE_NAME.test(name)) return 'license';
  if (NOTICE_NAME.test(name)) return 'notice';
  if (README_NAME.test(name)) return 'readme';
  return null;
}

/** `STEM`, `STEM.txt`, `STEM-MIT`, `STEM.APACHE`, `STEM-MIT.md`; not `STEM-expression.METADATA`. */
const named = (stem: string) =>
  new RegExp(
    `^(?:${stem})(?:[-._ ][^.]*)?(?:\\.(?:txt|md|markdown|rst|text|adoc|asciidoc|org|html?))?$`,
    'i',
  );
const LICENSE_NAME = named('(?:un)?licen[cs]es?|copying');
const NOTICE_NAME = named('(?:notice|copyright)s?');
const README_NAME = named('readme');
