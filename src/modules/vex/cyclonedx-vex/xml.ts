import { OspoError, ParseError } from '../../../core/errors.js';
import { parseXmlFile } from '../../../core/formats.js';

type Node = Record<string, unknown>;

const namespacePattern = /^http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)$/;

/**
 * CycloneDX XML turned into the shape of its JSON twin, as far as VEX reading needs it, so one
 * schema and one reader serve both. Null when the text is not XML-looking, or its root is not a
 * CycloneDX `<bom>` in the default namespace.
 */
export function cycloneDxXmlToJson(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.trimStart().startsWith('<')) return null;
  const bom = parse(body).bom;
  const version = isNode(bom) ? namespacePattern.exec(textOf(bom['@_xmlns']) ?? '')?.[1] : undefined;
  if (!isNode(bom) || !version) return null;
  const metadata = list(bom.metadata)[0];
  return {
    bomFormat: 'CycloneDX',
    specVersion: version,
    serialNumber: textOf(bom['@_serialNumber']),
    metadata: { timestamp: textOf(metadata?.timestamp) },
    // flat: the reader only needs bom-ref to purl, and flattening here keeps depth out of it
    components: flatComponents([...list(metadata?.component), ...children(bom.components, 'component')]),
    vulnerabilities: children(bom.vulnerabilities, 'vulnerability').map(vulnerability),
  };
}

function parse(body: string): Node {
  try {
    return parseXmlFile(body, 'VEX document');
  } catch (error) {
    const e = error instanceof ParseError ? error : undefined;
    const message = error instanceof Error ? error.message : String(error);
    throw new ParseError('ERR_OSPO_VEX_NOT_XML', message, {
      ...(e?.line ? { line: e.line } : {}),
      ...(e?.column ? { column: e.column } : {}),
      hint: 'The document starts with "<" but is not well-formed XML; it may be truncated.',
      ...(error instanceof OspoError ? {} : { cause: error }),
    });
  }
}

function vulnerability(v: Node): Node {
  const analysis = list(v.analysis)[0];
  return {
    id: textOf(v.id),
    references: children(v.references, 'reference').map((r) => ({ id: textOf(r.id) })),
    ...(analysis
      ? {
          analysis: {
            state: textOf(analysis.state),
            justification: textOf(analysis.justification),
            response: asArray(list(analysis.responses)[0]?.response).flatMap((r) => textOf(r) ?? []),
            detail: textOf(analysis.detail),
            firstIssued: textOf(analysis.firstIssued),
            lastUpdated: textOf(analysis.lastUpdated),
          },
        }
      : {}),
    affects: children(v.affects, 'target').map((t) => ({
      ref: textOf(t.ref) ?? '',
      versions: children(t.versions, 'version').map((x) => ({
        version: textOf(x.version),
        range: textOf(x.range),
      })),
    })),
  };
}

function flatComponents(roots: Node[]): Node[] {
  const out: Node[] = [];
  for (let node = roots.pop(); node; node = roots.pop()) {
    out.push({ 'bom-ref': textOf(node['@_bom-ref']), purl: textOf(node.purl) });
    roots.push(...children(node.components, 'component'));
  }
  return out;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function list(value: unknown): Node[] {
  return asArray(value).filter(isNode);
}

/** Elements named `name` inside a container element (`<components><component/>…</components>`). */
function children(container: unknown, name: string): Node[] {
  return list(container).flatMap((c) => list(c[name]));
}

/** An element's text, whether it came out as a bare string or, with attributes, as `#text`. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return decodeEntities(value);
  if (isNode(value) && typeof value['#text'] === 'string') return decodeEntities(value['#text']);
  return undefined;
}

const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

// core's XML parser leaves entities as written (it must not expand DTD ones); version ranges such as
// `vers:npm/&lt;4.17.21` need the predefined ones and character references decoded
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (whole, name: string) => {
    if (!name.startsWith('#')) return named[name] ?? whole;
    const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
