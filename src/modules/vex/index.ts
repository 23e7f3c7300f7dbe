import { InputError, ParseError } from '../../core/errors.js';
import type { VexDocument, VexFormat } from '../../core/vex.js';
import { csaf } from './csaf/index.js';
import { cyclonedxVex } from './cyclonedx-vex/index.js';
import { openvex } from './openvex/index.js';

/** Every VEX format, one plug-in folder each. Adding one is a folder and a line here. */
export const vexFormats: readonly VexFormat[] = [openvex, cyclonedxVex, csaf];

// what each reader calls its documents, accepted as hints beside the folder names
const documentFormats: Readonly<Record<string, string>> = { 'csaf-vex': 'csaf' };

/**
 * Read a VEX document of any registered format. `hint` names the format (a folder name such as
 * `openvex`, or a document format such as `csaf-vex`) when the caller knows it; otherwise the
 * format is detected from the document's header. Throws a coded InputError/ParseError
 * (`ERR_OSPO_VEX_*`) for text that is no VEX document it can read.
 */
export function readVex(text: string, hint?: string): VexDocument {
  const forced = hint === undefined ? undefined : formatNamed(hint);
  const doc = parse(text, forced ? [forced] : vexFormats);
  if (forced) {
    if (!forced.detect(doc)) {
      throw new ParseError('ERR_OSPO_VEX_INVALID', `not a ${forced.id} document`, {
        hint: `The document lacks the header ${forced.id} documents start with; drop the format hint to detect it.`,
      });
    }
    return forced.read(doc);
  }
  const format = vexFormats.find((f) => f.detect(doc));
  if (!format) {
    throw new InputError('ERR_OSPO_VEX_UNKNOWN_FORMAT', 'not a VEX document of a known format', {
      hint: 'Read are OpenVEX (@context on openvex.dev), CycloneDX (bomFormat "CycloneDX") and CSAF (document.csaf_version).',
    });
  }
  return format.read(doc);
}

function formatNamed(hint: string): VexFormat {
  const id = documentFormats[hint] ?? hint;
  const format = vexFormats.find((f) => f.id === id);
  if (format) return format;
  throw new InputError('ERR_OSPO_VEX_UNKNOWN_FORMAT', `no VEX format "${hint}"`, {
    hint: `Known formats: ${vexFormats.map((f) => f.id).join(', ')}.`,
  });
}

function parse(text: string, candidates: readonly VexFormat[]): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trimStart().startsWith('<')) {
    for (const f of candidates) {
      const doc = f.parseText?.(body);
      if (doc !== undefined && doc !== null) return doc;
    }
  }
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ParseError('ERR_OSPO_VEX_NOT_JSON', `not JSON (${message})`, {
      hint: 'VEX documents are JSON (CycloneDX may also be XML); the file may be truncated or of another kind.',
    });
  }
}

export { csaf, cyclonedxVex, openvex };
