import {
  allOf,
  anyOf,
  type CompoundExpression,
  type LicenseTerm,
  licenseTerm,
  parseExpression,
  renderExpression,
  renderTerm,
  type SpdxExpression,
} from './expression.js';
import { canonicalLicenseId } from './ids.js';

/**
 * Normalization: deprecated ids rewritten to their current form, `-only` + `+` made `-or-later`, and
 * repeated operands of one AND or OR dropped. Operand order is kept: for an OR it is the order of
 * preference the evaluation uses to break ties.
 */
export function normalizeExpression(expression: SpdxExpression): SpdxExpression {
  if (expression.type === 'license') return modernizeTerm(expression);
  const join = expression.type === 'and' ? allOf : anyOf;
  const joined = join(expression.operands.map(normalizeExpression));
  if (joined.type !== expression.type) return joined;
  const unique = new Map<string, SpdxExpression>();
  for (const operand of (joined as CompoundExpression).operands) {
    const key = renderExpression(operand);
    if (!unique.has(key)) unique.set(key, operand);
  }
  return join([...unique.values()]);
}

/** Parse strictly, normalize, render: the one canonical string for an expression. */
export function canonicalExpression(text: string): string {
  return renderExpression(normalizeExpression(parseExpression(text)));
}

/** GNU families whose bare ids the SPDX list deprecated in favour of `-only` / `-or-later`. */
const gnuFamily = /^(?:A?GPL|LGPL|GFDL)-\d\.\d$/;

/** Deprecated ids that stood for a license with an exception, or for another id. */
const replacements: Readonly<Record<string, { license: string; exception?: string }>> = {
  'GPL-2.0-with-classpath-exception': { license: 'GPL-2.0', exception: 'Classpath-exception-2.0' },
  'GPL-2.0-with-GCC-exception': { license: 'GPL-2.0', exception: 'GCC-exception-2.0' },
  'GPL-2.0-with-autoconf-exception': { license: 'GPL-2.0', exception: 'Autoconf-exception-2.0' },
  'GPL-2.0-with-bison-exception': { license: 'GPL-2.0', exception: 'Bison-exception-2.2' },
  'GPL-2.0-with-font-exception': { license: 'GPL-2.0', exception: 'Font-exception-2.0' },
  'GPL-3.0-with-GCC-exception': { license: 'GPL-3.0', exception: 'GCC-exception-3.1' },
  'GPL-3.0-with-autoconf-exception': { license: 'GPL-3.0', exception: 'Autoconf-exception-3.0' },
  'eCos-2.0': { license: 'GPL-2.0-or-later', exception: 'eCos-exception-2.0' },
  wxWindows: { license: 'LGPL-2.0-or-later', exception: 'WxWindows-exception-3.1' },
  'BSD-2-Clause-FreeBSD': { license: 'BSD-2-Clause-Views' },
  'BSD-2-Clause-NetBSD': { license: 'BSD-2-Clause' },
  Nunit: { license: 'zlib-acknowledgement' },
  'StandardML-NJ': { license: 'SMLNJ' },
  'bzip2-1.0.5': { license: 'bzip2-1.0.6' },
};

function modernizeTerm(term: LicenseTerm): LicenseTerm {
  const replacement = replacements[term.license];
  if (replacement) {
    // a deprecated "-with-...-exception" id that already carries another exception is left alone
    if (replacement.exception !== undefined && term.exception !== undefined) return term;
    const exception = replacement.exception ?? term.exception;
    return modernizeTerm(
      licenseTerm(replacement.license, { plus: term.plus, ...(exception ? { exception } : {}) }),
    );
  }
  const options = term.exception === undefined ? {} : { exception: term.exception };
  if (gnuFamily.test(term.license)) {
    return licenseTerm(`${term.license}${term.plus ? '-or-later' : '-only'}`, options);
  }
  const orLater =
    term.license.endsWith('-only') && canonicalLicenseId(`${term.license.slice(0, -5)}-or-later`);
  if (term.plus && orLater) return licenseTerm(orLater, options);
  if (term.plus && term.license.endsWith('-or-later')) return licenseTerm(term.license, options);
  return term;
}

/** True when two expressions are the same up to normalization and operand order. */
export function sameExpression(a: SpdxExpression, b: SpdxExpression): boolean {
  return orderFreeKey(normalizeExpression(a)) === orderFreeKey(normalizeExpression(b));
}

function orderFreeKey(expression: SpdxExpression): string {
  if (expression.type === 'license') return renderTerm(expression);
  const keys = expression.operands.map(orderFreeKey).sort();
  return `${expression.type}(${keys.join(',')})`;
}
