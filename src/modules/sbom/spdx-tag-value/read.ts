import { ParseError } from '../../../core/errors.js';
import type { SbomReadResult } from '../inventory-builder.js';
import {
  checkSpdx2Version,
  inventoryFromSpdx2,
  type Spdx2Document,
  type Spdx2Package,
} from '../spdx2-model.js';

/** SPDX 2.2 and 2.3 tag-value: `Tag: value` lines, `<text>...</text>` values over several lines. */
export function readSpdxTagValue(content: string, path: string): SbomReadResult {
  const doc: Spdx2Document = { spdxVersion: '', packages: [], relationships: [], licenseNames: new Map() };
  let current: Partial<Spdx2Package> | undefined;
  let inFile = false;
  let licenseId: string | undefined;
  const finish = () => {
    if (current?.id) doc.packages.push({ ...current, id: current.id });
    current = undefined;
  };
  for (const { tag, value, line } of fields(content, path)) {
    switch (tag) {
      case 'SPDXVersion':
        doc.spdxVersion ||= value;
        break;
      case 'PackageName':
        finish();
        inFile = false;
        current = { name: value };
        break;
      case 'FileName':
      case 'SnippetSPDXID':
        finish();
        inFile = true;
        break;
      case 'SPDXID':
        if (current && !inFile && !current.id) current.id = value;
        break;
      case 'PackageVersion':
        if (current) current.version = value;
        break;
      case 'PackageLicenseDeclared':
        if (current) current.licenseDeclared = value;
        break;
      case 'PackageLicenseConcluded':
        if (current) current.licenseConcluded = value;
        break;
      case 'ExternalRef': {
        const [, type, locator] = value.split(/\s+/);
        if (current && type === 'purl' && locator && !current.purl) current.purl = locator;
        break;
      }
      case 'Relationship': {
        const [from, type, to] = value.split(/\s+/);
        if (!from || !type || !to)
          throw new ParseError('ERR_OSPO_PARSE', `${path}:${line}: bad Relationship`, { line });
        doc.relationships.push({ from, type, to });
        break;
      }
      case 'LicenseID':
        licenseId = value;
        break;
      case 'LicenseName':
        if (licenseId && value !== 'NOASSERTION') doc.licenseNames.set(licenseId, value);
        break;
      default:
        break;
    }
  }
  finish();
  if (!doc.spdxVersion) {
    throw new ParseError('ERR_OSPO_PARSE_SHAPE', `${path}: not an SPDX tag-value document (no SPDXVersion)`, {
      hint: 'Expected a line "SPDXVersion: SPDX-2.3".',
    });
  }
  checkSpdx2Version(doc.spdxVersion, path);
  return inventoryFromSpdx2(doc);
}

interface Field {
  tag: string;
  value: string;
  line: number;
}

/** The document's fields in order; a `<text>` value runs to its `</text>`, possibly lines later. */
function fields(content: string, path: string): Field[] {
  const out: Field[] = [];
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) continue;
    const match = /^([A-Za-z][A-Za-z0-9]*):\s?(.*)$/.exec(text);
    if (!match?.[1]) {
      throw new ParseError('ERR_OSPO_PARSE', `${path}:${i + 1}: not a "Tag: value" line`, {
        line: i + 1,
        hint: 'The file may be truncated or hand-edited.',
      });
    }
    const line = i + 1;
    let value = match[2] ?? '';
    if (value.trimStart().startsWith('<text>')) {
      let body = value.trimStart().slice('<text>'.length);
      while (!body.includes('</text>')) {
        i++;
        if (i >= lines.length) {
          throw new ParseError('ERR_OSPO_PARSE', `${path}:${line}: <text> is never closed`, { line });
        }
        body += `\n${lines[i] ?? ''}`;
      }
      value = body.slice(0, body.indexOf('</text>'));
    }
    out.push({ tag: match[1], value: value.trim(), line });
  }
  return out;
}
