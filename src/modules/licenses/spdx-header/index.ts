import {
  DEFAULT_MAX_LICENSE_BYTES,
  type LicenseDetector,
  type LicenseEvidence,
} from '../../../core/licenses.js';
import { decodeText } from '../../../core/text.js';
import { findSpdxCopyrights, findSpdxHeaders } from './scan.js';

export { parseSpdxExpression } from './expression.js';

const MARKERS = ['SPDX-License-Identifier', 'spdx-license-identifier', 'SPDX-License-identifier'];

/**
 * `SPDX-License-Identifier:` headers, one evidence per header. Bytes without the tag are answered
 * without decoding them (a tree of source files is mostly that), so binary files only fail when they
 * do carry the tag.
 */
export const spdxHeader = {
  id: 'spdx-header',
  version: 1,
  detect: async (input) => {
    const { content } = input;
    if (
      typeof content !== 'string' &&
      !MARKERS.some((m) => Buffer.from(content.buffer, content.byteOffset, content.byteLength).includes(m))
    ) {
      return [];
    }
    const text = decodeText(content, input.path, input.maxBytes ?? DEFAULT_MAX_LICENSE_BYTES);
    const headers = findSpdxHeaders(text);
    if (headers.length === 0) return [];
    const copyrights = findSpdxCopyrights(text);
    return headers.map(
      (h): LicenseEvidence => ({
        expression: h.expression,
        source: 'spdx-header',
        confidence: h.confidence,
        path: input.path,
        startLine: h.line,
        endLine: h.line,
        matches: h.expression
          ? [{ id: h.expression, kind: 'header', coverage: 1, startLine: h.line, endLine: h.line }]
          : [],
        copyrights,
        ...(h.expression === null
          ? {
              warnings: [
                {
                  code: 'ERR_OSPO_SPDX_EXPRESSION',
                  message: `not a valid SPDX expression: "${h.raw}" (${h.error ?? 'invalid'})`,
                  line: h.line,
                },
              ],
            }
          : {}),
      }),
    );
  },
} satisfies LicenseDetector;
