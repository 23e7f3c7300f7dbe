import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors.js';
import {
  expressionTerms,
  licenseTerm,
  parseExpression,
  renderExpression,
  type SpdxExpression,
  tryParseExpression,
} from './expression.js';
import { canonicalExpression, normalizeExpression, sameExpression } from './normalize.js';
import { expressionArb, writtenArb } from './test-arbitraries.js';

const mit = licenseTerm('MIT');
const apache = licenseTerm('Apache-2.0');
const bsd = licenseTerm('BSD-3-Clause');

describe('parseExpression: valid input', () => {
  it.each<[string, string, string]>([
    ['a listed id', 'MIT', 'MIT'],
    ['ids match case-insensitively', 'mit OR apache-2.0', 'MIT OR Apache-2.0'],
    ['lower-case operators are valid', 'MIT and BSD-3-Clause', 'MIT AND BSD-3-Clause'],
    [
      'AND binds tighter than OR',
      'LGPL-2.1-only OR BSD-3-Clause AND MIT',
      'LGPL-2.1-only OR (BSD-3-Clause AND MIT)',
    ],
    ['parentheses group', '(MIT OR Apache-2.0) AND BSD-3-Clause', '(MIT OR Apache-2.0) AND BSD-3-Clause'],
    ['redundant parentheses go', '((MIT))', 'MIT'],
    ['nested ANDs flatten', 'MIT AND (Apache-2.0 AND BSD-3-Clause)', 'MIT AND Apache-2.0 AND BSD-3-Clause'],
    ['plus', 'Apache-2.0+', 'Apache-2.0+'],
    [
      'WITH an exception',
      'GPL-2.0-or-later WITH Classpath-exception-2.0',
      'GPL-2.0-or-later WITH Classpath-exception-2.0',
    ],
    ['plus then WITH', 'GPL-2.0+ WITH Bison-exception-2.2', 'GPL-2.0+ WITH Bison-exception-2.2'],
    [
      'WITH binds tighter than AND',
      'GPL-3.0-only WITH GCC-exception-3.1 AND MIT',
      'GPL-3.0-only WITH GCC-exception-3.1 AND MIT',
    ],
    ['a LicenseRef', 'LicenseRef-acme-eula', 'LicenseRef-acme-eula'],
    [
      'a DocumentRef',
      'DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2',
      'DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2',
    ],
    [
      'an SPDX 3 AdditionRef',
      'Apache-2.0 WITH AdditionRef-acme-grant',
      'Apache-2.0 WITH AdditionRef-acme-grant',
    ],
    [
      'a LicenseRef WITH an exception',
      'LicenseRef-x WITH LLVM-exception',
      'LicenseRef-x WITH LLVM-exception',
    ],
    ['deprecated ids stay as written', 'GPL-2.0 OR wxWindows', 'GPL-2.0 OR wxWindows'],
    ['tabs and newlines are spaces', 'MIT\n\tOR\r\nISC', 'MIT OR ISC'],
    ['no space needed at parentheses', '(MIT)OR(ISC)', 'MIT OR ISC'],
  ])('%s: %s', (_name, input, rendered) => {
    expect(renderExpression(parseExpression(input))).toBe(rendered);
  });

  it('builds the tree with precedence', () => {
    expect(parseExpression('MIT OR Apache-2.0 AND BSD-3-Clause')).toEqual({
      type: 'or',
      operands: [mit, { type: 'and', operands: [apache, bsd] }],
    });
    expect(parseExpression('GPL-2.0+ WITH Classpath-exception-2.0')).toEqual(
      licenseTerm('GPL-2.0', { plus: true, exception: 'Classpath-exception-2.0' }),
    );
  });
});

describe('parseExpression: invalid input', () => {
  it.each<[string, string, string, number]>([
    ['empty', '', 'ERR_OSPO_SPDX_EMPTY', 0],
    ['only spaces', '   ', 'ERR_OSPO_SPDX_EMPTY', 0],
    ['an unknown id', 'MIT OR Apache-2', 'ERR_OSPO_SPDX_UNKNOWN_LICENSE', 7],
    ['an unknown exception', 'GPL-2.0-only WITH Foo-exception', 'ERR_OSPO_SPDX_UNKNOWN_EXCEPTION', 18],
    ['an exception as a license', 'Classpath-exception-2.0', 'ERR_OSPO_SPDX_UNKNOWN_LICENSE', 0],
    ['a license as an exception', 'GPL-2.0-only WITH MIT', 'ERR_OSPO_SPDX_UNKNOWN_EXCEPTION', 18],
    ['mixed-case operator', 'MIT And ISC', 'ERR_OSPO_SPDX_OPERATOR_CASE', 4],
    ['mixed-case WITH', 'GPL-2.0-only With Classpath-exception-2.0', 'ERR_OSPO_SPDX_OPERATOR_CASE', 13],
    ['prefixes are case-sensitive', 'licenseref-acme', 'ERR_OSPO_SPDX_UNKNOWN_LICENSE', 0],
    ['a slash', 'MIT/ISC', 'ERR_OSPO_SPDX_SYNTAX', 3],
    ['a comma', 'MIT, ISC', 'ERR_OSPO_SPDX_SYNTAX', 3],
    ['two licenses without an operator', 'MIT ISC', 'ERR_OSPO_SPDX_SYNTAX', 4],
    ['a dangling operator', 'MIT AND', 'ERR_OSPO_SPDX_SYNTAX', 7],
    ['a leading operator', 'OR MIT', 'ERR_OSPO_SPDX_SYNTAX', 0],
    ['WITH without an exception', 'GPL-2.0-only WITH', 'ERR_OSPO_SPDX_SYNTAX', 17],
    ['WITH after a group', '(MIT OR ISC) WITH LLVM-exception', 'ERR_OSPO_SPDX_SYNTAX', 13],
    ['an unclosed parenthesis', '(MIT OR ISC', 'ERR_OSPO_SPDX_SYNTAX', 11],
    ['a stray parenthesis', 'MIT)', 'ERR_OSPO_SPDX_SYNTAX', 3],
    ['empty parentheses', '()', 'ERR_OSPO_SPDX_SYNTAX', 1],
    ['a space before +', 'MIT +', 'ERR_OSPO_SPDX_SYNTAX', 4],
    ['+ on a LicenseRef', 'LicenseRef-x+', 'ERR_OSPO_SPDX_SYNTAX', 12],
    ['+ inside an id', 'GPL+2.0', 'ERR_OSPO_SPDX_SYNTAX', 3],
    ['no operator glued to an id', 'MIT ANDApache-2.0', 'ERR_OSPO_SPDX_SYNTAX', 4],
  ])('%s: %j', (_name, input, code, offset) => {
    const outcome = tryParseExpression(input);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe(code);
    expect(outcome.error.details?.offset).toBe(offset);
    expect(outcome.error.column).toBe(offset + 1);
  });

  it('gives line and column on multi-line input', () => {
    const outcome = tryParseExpression('MIT OR\n  Foo');
    expect(outcome.ok || [outcome.error.line, outcome.error.column]).toEqual([2, 3]);
  });

  it('refuses input too long or too deep to parse safely', () => {
    expect(tryParseExpression(`${'('.repeat(100)}MIT${')'.repeat(100)}`)).toMatchObject({
      ok: false,
      error: { code: 'ERR_OSPO_SPDX_TOO_COMPLEX' },
    });
    expect(tryParseExpression(Array(3000).fill('MIT').join(' OR '))).toMatchObject({
      ok: false,
      error: { code: 'ERR_OSPO_SPDX_TOO_COMPLEX' },
    });
  });
});

describe('normalizeExpression', () => {
  it.each<[string, string]>([
    ['GPL-2.0', 'GPL-2.0-only'],
    ['GPL-2.0+', 'GPL-2.0-or-later'],
    ['GPL-2.0-only+', 'GPL-2.0-or-later'],
    ['LGPL-2.1+ OR AGPL-3.0', 'LGPL-2.1-or-later OR AGPL-3.0-only'],
    ['GFDL-1.3', 'GFDL-1.3-only'],
    ['GPL-2.0-with-classpath-exception', 'GPL-2.0-only WITH Classpath-exception-2.0'],
    ['GPL-3.0-with-GCC-exception+', 'GPL-3.0-or-later WITH GCC-exception-3.1'],
    ['wxWindows', 'LGPL-2.0-or-later WITH WxWindows-exception-3.1'],
    ['eCos-2.0', 'GPL-2.0-or-later WITH eCos-exception-2.0'],
    ['BSD-2-Clause-FreeBSD', 'BSD-2-Clause-Views'],
    ['StandardML-NJ', 'SMLNJ'],
    ['Apache-2.0+', 'Apache-2.0+'],
    ['MIT AND MIT AND ISC', 'MIT AND ISC'],
    ['(MIT OR ISC) OR MIT', 'MIT OR ISC'],
    ['GPL-2.0-only OR GPL-2.0', 'GPL-2.0-only'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalExpression(input)).toBe(expected);
  });

  it('compares expressions regardless of operand order', () => {
    expect(
      sameExpression(parseExpression('MIT AND (ISC OR 0BSD)'), parseExpression('(0BSD OR ISC) AND MIT')),
    ).toBe(true);
    expect(sameExpression(parseExpression('MIT AND ISC'), parseExpression('MIT OR ISC'))).toBe(false);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(expressionArb, (expression) => {
        const once = normalizeExpression(expression);
        expect(normalizeExpression(once)).toEqual(once);
      }),
    );
  });
});

describe('properties', () => {
  it('round-trips: render(parse(x)) parses to the same tree', () => {
    fc.assert(
      fc.property(expressionArb, (expression) => {
        const text = renderExpression(expression);
        const parsed = parseExpression(text);
        expect(parsed).toEqual(expression);
        expect(parseExpression(renderExpression(parsed))).toEqual(parsed);
      }),
    );
  });

  it('reads every valid way of writing an expression as the same tree', () => {
    fc.assert(
      fc.property(
        expressionArb.chain((expression) => fc.tuple(fc.constant(expression), writtenArb(expression))),
        ([expression, text]) => {
          expect(parseExpression(text)).toEqual(expression);
        },
      ),
    );
  });

  it('throws nothing but coded ParseErrors, with an offset inside the input', () => {
    const tokens = fc.constantFrom(
      'MIT',
      'OR',
      'and',
      'WITH',
      'Or',
      '(',
      ')',
      '+',
      ' ',
      'LicenseRef-',
      ':',
      'GPL-2.0',
      'x',
    );
    const soup = fc.array(tokens, { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), soup), (text) => {
        const outcome = tryParseExpression(text);
        if (outcome.ok) {
          expect(parseExpression(renderExpression(outcome.expression))).toEqual(outcome.expression);
          return;
        }
        expect(outcome.error).toBeInstanceOf(ParseError);
        expect(outcome.error.code).toMatch(/^ERR_OSPO_SPDX_/);
        const offset = outcome.error.details?.offset as number;
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 500 },
    );
  });

  it('lists terms left to right', () => {
    const terms = expressionTerms(
      parseExpression('MIT AND (ISC OR GPL-2.0-only WITH Classpath-exception-2.0)'),
    );
    expect(terms.map((t) => t.license)).toEqual(['MIT', 'ISC', 'GPL-2.0-only']);
  });
});

/**
 * spdx-expression-parse is the parser the npm ecosystem uses; on the inputs both accept the trees must
 * agree. Where they differ is why we parse ourselves (readme.md).
 */
describe('agreement with spdx-expression-parse', () => {
  const require = createRequire(import.meta.url);
  const theirs = require('spdx-expression-parse') as (text: string) => TheirNode;
  type TheirNode = {
    license?: string;
    plus?: true;
    exception?: string;
    left?: TheirNode;
    right?: TheirNode;
    conjunction?: 'and' | 'or';
  };
  const toOurs = (node: TheirNode): SpdxExpression => {
    if (node.license !== undefined) {
      return licenseTerm(node.license, {
        plus: node.plus === true,
        ...(node.exception ? { exception: node.exception } : {}),
      });
    }
    const operands = [toOurs(node.left as TheirNode), toOurs(node.right as TheirNode)];
    return normalizeExpression({ type: node.conjunction as 'and' | 'or', operands });
  };

  it('builds the same tree for canonical text', () => {
    fc.assert(
      fc.property(expressionArb, (expression) => {
        const plain = normalizeExpression(expression);
        const text = renderExpression(plain);
        // their scanner knows neither SPDX 3 additions nor deprecated exceptions
        if (text.includes('AdditionRef-') || text.includes('Nokia-Qt-exception-1.1')) return;
        expect(normalizeExpression(toOurs(theirs(text)))).toEqual(normalizeExpression(parseExpression(text)));
      }),
    );
  });

  it.each<[string, string, boolean, boolean]>([
    ['lower-case ids (the spec matches ids case-insensitively)', 'mit', true, false],
    ['an operator glued to the next id', 'MIT ANDApache-2.0', false, true],
    ['mixed-case operators (the spec allows AND or and only)', 'MIT aNd ISC', false, true],
    ['a tab between tokens', 'MIT\tOR ISC', true, false],
    ['SPDX 3 AdditionRef', 'MIT WITH AdditionRef-x', true, false],
    ['a deprecated exception id', 'LGPL-2.1-only WITH Nokia-Qt-exception-1.1', true, false],
  ])('differs on %s: %j', (_name, input, oursAccepts, theirsAccepts) => {
    expect(tryParseExpression(input).ok).toBe(oursAccepts);
    let accepted = true;
    try {
      theirs(input);
    } catch {
      accepted = false;
    }
    expect(accepted).toBe(theirsAccepts);
  });
});
