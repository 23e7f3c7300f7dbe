import { createRequire } from 'node:module';
import type { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { parse as parseTomlText } from 'smol-toml';
import type { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ParseError } from './errors.js';
import { compileShape } from './fast-shape.js';
import { fastYaml } from './yaml-fast.js';

/**
 * Parsers for the data formats lockfiles come in, each turning a syntax error into a ParseError with
 * the file's path and, where the parser tells, its line and column. Extractors use these instead of
 * calling JSON.parse and friends, so every bad file fails the same way.
 */

export function parseJsonFile(content: string, path: string): unknown {
  try {
    return JSON.parse(stripBom(content));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    const where = at?.[1] ? lineColumn(content, Number(at[1])) : {};
    throw new ParseError('ERR_OSPO_PARSE', `${path}: not valid JSON (${message})`, {
      ...where,
      hint: 'The file may be truncated or hand-edited; regenerate it with its package manager.',
    });
  }
}

export function parseTomlFile(content: string, path: string): Record<string, unknown> {
  try {
    return parseTomlText(stripBom(content)) as Record<string, unknown>;
  } catch (error) {
    const e = error as { message?: string; line?: number; column?: number };
    throw new ParseError('ERR_OSPO_PARSE', `${path}: not valid TOML (${firstLine(e.message)})`, {
      ...(e.line ? { line: e.line } : {}),
      ...(e.column ? { column: e.column } : {}),
      hint: 'The file may be truncated or hand-edited; regenerate it with its package manager.',
    });
  }
}

/**
 * YAML through js-yaml (several times faster than a full document model on large lockfiles), with the
 * YAML 1.2 core schema (no dates), later duplicate keys winning as in JSON, and a cap on aliases:
 * lockfiles use none, and many of them are how a small file expands into a huge object graph.
 */
export function parseYamlFile(content: string, path: string): unknown {
  const text = stripBom(content);
  const aliases = text.match(/(?:^|[\s[{,:-])\*[^\s,\]}]+/g)?.length ?? 0;
  if (aliases > MAX_YAML_ALIASES) {
    throw new ParseError('ERR_OSPO_PARSE', `${path}: not a lockfile (${aliases} YAML aliases)`, {
      hint: 'Lockfiles do not use YAML aliases; this file may be crafted to exhaust memory.',
    });
  }
  // what package managers write reads faster line by line; anything else goes to js-yaml
  const fast = fastYaml(text);
  if (fast !== undefined) return fast;
  try {
    return loadYaml(text, { schema: CORE_SCHEMA, json: true, filename: path });
  } catch (error) {
    // js-yaml notices trouble a line late; errors are rare, so ask the stricter parser where it is
    const precise = yamlDocument()(text, { uniqueKeys: false }).errors[0];
    const pos = precise?.linePos?.[0];
    const e = error as { reason?: string; message?: string; mark?: { line: number; column: number } };
    const where = pos
      ? { line: pos.line, column: pos.col }
      : e.mark
        ? { line: e.mark.line + 1, column: e.mark.column + 1 }
        : {};
    const reason = precise ? precise.message : (e.reason ?? e.message);
    throw new ParseError('ERR_OSPO_PARSE', `${path}: not valid YAML (${firstLine(reason)})`, {
      ...where,
      hint: 'The file may be truncated or hand-edited; regenerate it with its package manager.',
    });
  }
}

const MAX_YAML_ALIASES = 100;

/**
 * Libraries only some files need are loaded when first needed: every parse worker loads this module,
 * and loading them all up front delayed each worker's first file.
 */
const load = createRequire(import.meta.url);

/** The full YAML parser, for where js-yaml found an error. */
function yamlDocument(): typeof parseDocument {
  return (load('yaml') as typeof import('yaml')).parseDocument;
}

let xml: { parser: XMLParser; validator: typeof XMLValidator } | undefined;

function xmlParser(): NonNullable<typeof xml> {
  if (xml) return xml;
  const lib = load('fast-xml-parser') as typeof import('fast-xml-parser');
  const parser = new lib.XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: false,
  });
  xml = { parser, validator: lib.XMLValidator };
  return xml;
}

/** XML to plain objects: attributes as `@_name`, text as strings, never numbers. */
export function parseXmlFile(content: string, path: string): Record<string, unknown> {
  const text = stripBom(content);
  const { parser, validator } = xmlParser();
  const valid = validator.validate(text);
  if (valid !== true) {
    throw new ParseError('ERR_OSPO_PARSE', `${path}: not valid XML (${valid.err.msg})`, {
      line: valid.err.line,
      column: valid.err.col,
      hint: 'The file may be truncated or hand-edited.',
    });
  }
  try {
    return parser.parse(text) as Record<string, unknown>;
  } catch (error) {
    // the validator passes a few documents the parser then refuses (an unclosed processing instruction)
    const message = error instanceof Error ? error.message : String(error);
    throw new ParseError('ERR_OSPO_PARSE', `${path}: not valid XML (${firstLine(message)})`, {
      hint: 'The file may be truncated or hand-edited.',
    });
  }
}

/**
 * A manifest read beside a lockfile (pyproject.toml, Pipfile): it only refines what the lockfile says,
 * so a broken one is a warning, and the caller carries on without it (null).
 */
export function parseManifestToml(
  content: string,
  path: string,
  warnings: { code: string; message: string; line?: number }[],
): Record<string, unknown> | null {
  try {
    return parseTomlFile(content, path);
  } catch (error) {
    const line = (error as { line?: number }).line;
    warnings.push({
      code: 'ERR_OSPO_PARSE',
      message: `${path}: not valid TOML; direct dependencies are unknown`,
      ...(line ? { line } : {}),
    });
    return null;
  }
}

/** Check a parsed file against the shape an extractor expects; a mismatch names the first bad field. */
export function expectShape<S extends z.ZodType>(
  schema: S,
  value: unknown,
  path: string,
  what: string,
): z.output<S> {
  const fast = compileShape(schema);
  if (fast?.check(value)) return fast.apply(value) as z.output<S>;
  // not fast to check, or not valid: zod decides, and names what is wrong
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : '(root)';
  throw new ParseError(
    'ERR_OSPO_PARSE_SHAPE',
    `${path}: not a ${what} (${field}: ${issue?.message ?? 'invalid'})`,
    {
      hint: `Expected a ${what}; is this file of another format or version?`,
    },
  );
}

/** 1-based line and column of a character offset. */
export function lineColumn(content: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < content.length; i++) {
    if (content.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

function stripBom(content: string): string {
  return content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
}

function firstLine(message: string | undefined): string {
  return (message ?? 'syntax error').split('\n')[0] ?? 'syntax error';
}
