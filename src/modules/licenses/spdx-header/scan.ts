import { correctLicenseName, parseSpdxExpression } from './expression.js';

export interface SpdxHeader {
  /** Canonical expression; null when the header's value is no valid expression. */
  expression: string | null;
  /** The value as written. */
  raw: string;
  line: number;
  /** 1 as written, 0.7 when spdx-correct had to guess, 0 when invalid. */
  confidence: number;
  error?: string;
}

const TAG = 'spdx-license-identifier:';
const COPYRIGHT_TAG = 'spdx-filecopyrighttext:';
const MAX_HEADERS = 32;

/**
 * Every `SPDX-License-Identifier:` line of a text, with its value checked. A tag followed by code
 * (a quote, `+`, `$`: the tag inside a string literal) is not a header and is skipped.
 */
export function findSpdxHeaders(text: string): SpdxHeader[] {
  const lower = text.toLowerCase();
  const headers: SpdxHeader[] = [];
  let line = 1;
  let counted = 0;
  for (
    let at = lower.indexOf(TAG);
    at >= 0 && headers.length < MAX_HEADERS;
    at = lower.indexOf(TAG, at + 1)
  ) {
    line += countNewlines(text, counted, at);
    counted = at;
    const raw = valueAt(text, at + TAG.length);
    if (raw === null) continue;
    headers.push({ ...check(raw), raw, line });
  }
  return headers;
}

/** `SPDX-FileCopyrightText:` values (REUSE), as `SPDX-FileCopyrightText: 2020 Jane Doe`. */
export function findSpdxCopyrights(text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  for (
    let at = lower.indexOf(COPYRIGHT_TAG);
    at >= 0 && out.length < MAX_HEADERS;
    at = lower.indexOf(COPYRIGHT_TAG, at + 1)
  ) {
    const value = valueAt(text, at + COPYRIGHT_TAG.length, false);
    if (value) out.push(`SPDX-FileCopyrightText: ${value}`);
  }
  return [...new Set(out)];
}

function check(raw: string): Omit<SpdxHeader, 'raw' | 'line'> {
  const parsed = parseSpdxExpression(raw);
  if (parsed.ok) return { expression: parsed.expression, confidence: 1 };
  const corrected = correctLicenseName(raw);
  if (corrected) {
    const again = parseSpdxExpression(corrected);
    if (again.ok) return { expression: again.expression, confidence: 0.7 };
  }
  return { expression: null, confidence: 0, error: parsed.reason };
}

/** The rest of the line after the tag, without comment closers; null when it is not a header value. */
function valueAt(text: string, from: number, expression = true): string | null {
  let end = text.indexOf('\n', from);
  if (end < 0) end = text.length;
  let value = text.slice(from, Math.min(end, from + 1000)).replace(/\r$/, '');
  for (let previous = ''; previous !== value; ) {
    previous = value;
    value = value.replace(CLOSERS, '').trim();
  }
  if (value.length === 0 || value.length > 400) return null;
  if (expression && !EXPRESSION_CHARACTERS.test(value)) return null;
  return value;
}

/** What an expression is written with (and `/`, `,` by mistake); quotes or `${` mean the tag is inside code. */
const EXPRESSION_CHARACTERS = /^[A-Za-z0-9.+\-:() /,]+$/;
const CLOSERS = /\s*(?:\*\/|-->|\*\)|#\}|%\}|%>|\?>|"""|'''|\]\]|;|\*|#|\/\/)\s*$/;

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
