import { describe, expect, it } from 'vitest';
import { isCopyrightLine, tokenize } from './normalize.js';

const words = (text: string) => tokenize(text).words.join(' ');

describe('normalization per the SPDX matching guidelines', () => {
  it.each([
    ['case and punctuation', 'THE "SOFTWARE" IS PROVIDED “AS IS”.', 'the software is provided as is'],
    ['whitespace and line breaks', 'provided\r\n   as\n\n\tis', 'provided as is'],
    [
      'equivalent words',
      'the licence is authorised; sub-license, per cent',
      'the license is authorized sublicense percent',
    ],
    ['copyright owner is copyright holder', 'the copyright owner', 'the copyright holder'],
    ['http and https', 'see https://example.org', 'see http example org'],
    [
      'comment markers',
      '/*\n * Permission is\n * granted\n */\n# and\n// so on\nREM here',
      'permission is granted and so on here',
    ],
    [
      'bullets and numbering',
      '1. Redistributions\n(a) You must\n  iv. or\n• else',
      'redistributions you must or else',
    ],
    [
      'copyright notices',
      'Copyright (c) 2020 Jane\n(C) 2001 Bob\n© 1999 Eve\nAll rights reserved.\nText',
      'text',
    ],
    ['letters and digits apart, + kept', 'GPLv2 or GPL-2.0+', 'gplv 2 or gpl 2 0 +'],
    ['markdown link targets', '[MIT](https://opensource.org/licenses/MIT)', 'mit'],
  ])('%s', (_, text, expected) => {
    expect(words(text)).toBe(expected);
  });

  it('keeps the line of each word', () => {
    expect([...tokenize('a b\n\nc').lines]).toEqual([1, 1, 3]);
  });

  it.each([
    ['Copyright (c) 2020 Jane Doe', true],
    ['Copyright 2009 The Go Authors. All rights reserved.', true],
    ['copyright notice and this permission notice', false],
    ['COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"', false],
    ['(c) If You institute patent litigation', false],
    ['SPDX-FileCopyrightText: 2023 Jane', true],
  ])('"%s" is a copyright notice: %s', (line, expected) => {
    expect(isCopyrightLine(line)).toBe(expected);
  });
});
