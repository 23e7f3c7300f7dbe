import { createRequire } from 'node:module';

export type ParsedExpression =
  | { ok: true; expression: string; licenses: string[]; exceptions: string[] }
  | { ok: false; reason: string };

interface Ids {
  licenses: Map<string, string>;
  exceptions: Map<string, string>;
}

let ids: Ids | undefined;

/** SPDX license and exception ids (current and deprecated) by lower case; small, loaded on first use. */
function spdxIds(): Ids {
  if (ids) return ids;
  const require = createRequire(import.meta.url);
  const current = require('spdx-license-ids') as string[];
  const deprecated = require('spdx-license-ids/deprecated.json') as string[];
  const exceptions = require('spdx-exceptions') as string[];
  ids = {
    licenses: new Map([...current, ...deprecated].map((id) => [id.toLowerCase(), id])),
    exceptions: new Map(exceptions.map((id) => [id.toLowerCase(), id])),
  };
  return ids;
}

type Node =
  | { kind: 'license'; id: string; plus: boolean }
  | { kind: 'with'; license: Node; exception: string }
  | { kind: 'and' | 'or'; items: Node[] };

const LICENSE_REF = /^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/;

/**
 * An SPDX license expression checked against the SPDX lists and written canonically: ids in the
 * list's case (they are case-insensitive), operators in upper case, parentheses only where needed.
 * A small parser of our own because headers need that canonical form and a reason when they are bad;
 * `spdx-expression-parse` gives neither.
 */
export function parseSpdxExpression(raw: string): ParsedExpression {
  const tokens = raw.match(/\(|\)|[^\s()]+/g) ?? [];
  if (tokens.length === 0) return { ok: false, reason: 'empty expression' };
  const known = spdxIds();
  let at = 0;
  const licenses: string[] = [];
  const exceptions: string[] = [];
  const fail = (reason: string): never => {
    throw new SyntaxError(reason);
  };
  const peekOperator = () => (tokens[at] ?? '').toUpperCase();
  const parseOr = (): Node => {
    const items = [parseAnd()];
    while (peekOperator() === 'OR') {
      at++;
      items.push(parseAnd());
    }
    return items.length === 1 ? (items[0] as Node) : { kind: 'or', items };
  };
  const parseAnd = (): Node => {
    const items = [parseWith()];
    while (peekOperator() === 'AND') {
      at++;
      items.push(parseWith());
    }
    return items.length === 1 ? (items[0] as Node) : { kind: 'and', items };
  };
  const parseWith = (): Node => {
    const license = parseAtom();
    if (peekOperator() !== 'WITH') return license;
    at++;
    const token = tokens[at++] ?? fail('WITH needs an exception id');
    const exception = known.exceptions.get(token.toLowerCase()) ?? fail(`unknown exception "${token}"`);
    exceptions.push(exception);
    return { kind: 'with', license, exception };
  };
  const parseAtom = (): Node => {
    const token = tokens[at++] ?? fail('expression ends where a license id was expected');
    if (token === '(') {
      const inner = parseOr();
      if (tokens[at++] !== ')') fail('missing ")"');
      return inner;
    }
    if (['AND', 'OR', 'WITH', ')'].includes(token.toUpperCase()))
      fail(`"${token}" where a license id was expected`);
    const plus = token.endsWith('+') && token.length > 1;
    const name = plus ? token.slice(0, -1) : token;
    if (LICENSE_REF.test(name)) {
      licenses.push(name);
      return { kind: 'license', id: name, plus };
    }
    const id = known.licenses.get(name.toLowerCase()) ?? fail(`unknown license id "${name}"`);
    licenses.push(id);
    return { kind: 'license', id, plus };
  };
  try {
    const node = parseOr();
    if (at < tokens.length) fail(`unexpected "${tokens[at]}"`);
    return { ok: true, expression: write(node, false), licenses, exceptions };
  } catch (error) {
    return { ok: false, reason: error instanceof SyntaxError ? error.message : String(error) };
  }
}

function write(node: Node, nested: boolean): string {
  if (node.kind === 'license') return `${node.id}${node.plus ? '+' : ''}`;
  if (node.kind === 'with') return `${write(node.license, true)} WITH ${node.exception}`;
  const text = node.items
    .map((item) => write(item, item.kind !== 'with' && item.kind !== node.kind))
    .join(` ${node.kind.toUpperCase()} `);
  return nested && node.kind === 'or' ? `(${text})` : nested && node.kind === 'and' ? `(${text})` : text;
}

let corrector: ((value: string) => string | null) | undefined;

/** spdx-correct's guess for a bare name that is no id ("Apache 2", "GPLv3"); null when it has none. */
export function correctLicenseName(raw: string): string | null {
  if (/\s(?:AND|OR|WITH)\s|[()/,&+]/i.test(raw)) return null;
  corrector ??= createRequire(import.meta.url)('spdx-correct') as (value: string) => string | null;
  try {
    return corrector(raw);
  } catch {
    return null;
  }
}
