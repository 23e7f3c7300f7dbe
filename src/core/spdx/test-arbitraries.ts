import fc from 'fast-check';
import { allOf, anyOf, licenseTerm, type SpdxExpression } from './expression.js';
import { spdxExceptionIds, spdxLicenseIds } from './ids.js';

/** fast-check generators of SPDX expressions, shared by the parser and corrector tests. */

const licenseIdArb = fc.oneof(
  fc.constantFrom(...spdxLicenseIds),
  fc.constantFrom('MIT', 'Apache-2.0', 'GPL-2.0-only', 'GPL-2.0', 'LGPL-2.1', 'BSD-3-Clause'),
);
const refArb = fc
  .tuple(
    fc.option(fc.stringMatching(/^[A-Za-z0-9.-]{1,8}$/), { nil: undefined }),
    fc.stringMatching(/^[A-Za-z0-9.-]{1,12}$/),
  )
  .map(([doc, id]) => `${doc ? `DocumentRef-${doc}:` : ''}LicenseRef-${id}`);

export const termArb = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: licenseIdArb }, { weight: 1, arbitrary: refArb }),
    fc.boolean(),
    fc.option(fc.oneof(fc.constantFrom(...spdxExceptionIds), fc.constant('AdditionRef-custom-1')), {
      nil: undefined,
    }),
  )
  .map(([license, plus, exception]) =>
    licenseTerm(license, {
      plus: plus && !license.includes('LicenseRef-'),
      ...(exception ? { exception } : {}),
    }),
  );

export const expressionArb: fc.Arbitrary<SpdxExpression> = fc.letrec<{ node: SpdxExpression }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    termArb,
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map(allOf),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map(anyOf),
  ),
})).node;

/**
 * The text of an expression written the many valid ways: redundant parentheses, lower-case operators,
 * ids in any case, tabs and newlines. Parsing it must give the expression back.
 */
export function writtenArb(expression: SpdxExpression): fc.Arbitrary<string> {
  return fc
    .record({
      lower: fc.boolean(),
      idCase: fc.constantFrom('keep', 'lower', 'upper'),
      space: fc.constantFrom(' ', '  ', '\t', '\n '),
      extraParens: fc.boolean(),
    })
    .map(({ lower, idCase, space, extraParens }) =>
      write(expression, { lower, idCase, space, extraParens }, true),
    );
}

type Style = { lower: boolean; idCase: string; space: string; extraParens: boolean };

function write(expression: SpdxExpression, style: Style, top: boolean): string {
  const op = (name: string) => `${style.space}${style.lower ? name.toLowerCase() : name}${style.space}`;
  if (expression.type === 'license') {
    const spell = (id: string) =>
      id.includes('Ref-')
        ? id
        : style.idCase === 'lower'
          ? id.toLowerCase()
          : style.idCase === 'upper'
            ? id.toUpperCase()
            : id;
    const license = `${spell(expression.license)}${expression.plus ? '+' : ''}`;
    const text = expression.exception ? `${license}${op('WITH')}${spell(expression.exception)}` : license;
    return style.extraParens && !top ? `(${text})` : text;
  }
  const inner = expression.operands
    .map((operand) => write(operand, style, false))
    .join(op(expression.type.toUpperCase()));
  return top && !style.extraParens ? inner : `(${inner})`;
}
