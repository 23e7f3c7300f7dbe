import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseTomlText } from 'smol-toml';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ParseError } from './errors.js';

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

export function parseYamlFile(content: string, path: string): unknown {
  const doc = parseDocument(stripBom(content), { uniqueKeys: false });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    throw new ParseError('ERR_OSPO_PARSE', `${path}: not valid YAML (${firstLine(first.message)})`, {
      ...(pos ? { line: pos.line, column: pos.col } : {}),
      hint: 'The file may be truncated or hand-edited; regenerate it with its package manager.',
    });
  }
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // an alias to an anchor that is not there, or too many aliases (a "billion laughs" document)
    const message = error instanceof Error ? error.message : String(error);
    throw new ParseError('ERR_OSPO_PARSE', `${path}: not valid YAML (${firstLine(message)})`, {
      hint: 'The file may be truncated or hand-edited; regenerate it with its package manager.',
    });
  }
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
});

/** XML to plain objects: attributes as `@_name`, text as strings, never numbers. */
export function parseXmlFile(content: string, path: string): Record<string, unknown> {
  const text = stripBom(content);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new ParseError('ERR_OSPO_PARSE', `${path}: not valid XML (${valid.err.msg})`, {
      line: valid.err.line,
      column: valid.err.col,
      hint: 'The file may be truncated or hand-edited.',
    });
  }
  try {
    return xml.parse(text) as Record<string, unknown>;
  } catch (error) {
    // the validator passes a few documents the parser then refuses (an unclosed processing instruction)
    const message = error instanceof Error ? error.message : String(error);
    throw new ParseError('ERR_OSPO_PARSE', `${path}: not valid XML (${firstLine(message)})`, {
      hint: 'The file may be truncated or hand-edited.',
    });
  }
}

/** Check a parsed file against the shape an extractor expects; a mismatch names the first bad field. */
export function expectShape<S extends z.ZodType>(
  schema: S,
  value: unknown,
  path: string,
  what: string,
): z.output<S> {
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
