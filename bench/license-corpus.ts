import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * A labelled corpus for the license detection benchmark, generated from the SPDX texts of
 * `spdx-license-list` (deterministic): each case is a folder with one license file, and labels.json says
 * what the file is: an SPDX expression, null (no license), or `not:<id>` (a modified text that must not
 * be reported as <id>). Variants: plain, re-wrapped with a copyright header, in comments, CRLF,
 * Markdown, a clause removed, a restriction inserted, two licenses in one file, a dual-license
 * statement, a GPL text with its "or later" notice, no license at all.
 * Usage: import { generateLicenseCorpus } from a bench file (Node 20 runs no TypeScript by itself).
 */

export interface CorpusCase {
  /** Relative to the corpus root. */
  file: string;
  /** SPDX expression; null for no license; `not:<id>` for a modified <id>. */
  expected: string | null;
  variant: string;
}

interface SpdxEntry {
  licenseText: string;
}

/** Licenses people actually use (and licensee's list mostly); every variant is made of these. */
export const POPULAR = [
  'MIT',
  'Apache-2.0',
  'BSD-3-Clause',
  'BSD-2-Clause',
  'ISC',
  '0BSD',
  'MIT-0',
  'GPL-2.0-only',
  'GPL-3.0-only',
  'LGPL-2.1-only',
  'LGPL-3.0-only',
  'AGPL-3.0-only',
  'MPL-2.0',
  'Unlicense',
  'BSL-1.0',
  'EPL-2.0',
  'EPL-1.0',
  'Zlib',
  'CC0-1.0',
  'Artistic-2.0',
  'WTFPL',
  'EUPL-1.2',
  'BSD-4-Clause',
  'UPL-1.0',
  'BlueOak-1.0.0',
  'OFL-1.1',
  'PostgreSQL',
  'NCSA',
  'ECL-2.0',
  'CC-BY-4.0',
  'CC-BY-SA-4.0',
  'MS-PL',
  'MS-RL',
  'OSL-3.0',
  'AFL-3.0',
  'BSD-3-Clause-Clear',
  'Vim',
  'LPPL-1.3c',
  'MulanPSL-2.0',
  'ODbL-1.0',
];

const RESTRICTION =
  'The Licensee shall not use the Software for any commercial purpose without a separate written agreement with the Licensor.';

export function generateLicenseCorpus(out: string): CorpusCase[] {
  const require = createRequire(import.meta.url);
  const list = require('spdx-license-list/full') as Record<string, SpdxEntry>;
  const current = new Set(require('spdx-license-ids') as string[]);
  const text = (id: string) => fill(list[id]?.licenseText ?? '');
  const cases: CorpusCase[] = [];
  const add = (variant: string, name: string, content: string, expected: string | null) => {
    const dir = `case-${String(cases.length).padStart(4, '0')}`;
    fs.mkdirSync(path.join(out, dir), { recursive: true });
    fs.writeFileSync(path.join(out, dir, name), content);
    cases.push({ file: `${dir}/${name}`, expected, variant });
  };
  fs.rmSync(out, { recursive: true, force: true });

  for (const id of POPULAR) {
    const body = text(id);
    const copyright = 'Copyright (c) 2019-2024 Example Corp. and contributors\n\n';
    add('plain', 'LICENSE', `${body}\n`, id);
    add('rewrapped-copyright', 'LICENSE.txt', `${copyright}${rewrap(body, 62)}\n`, id);
    add(
      'comment',
      'LICENSE',
      `${rewrap(body, 72)
        .split('\n')
        .map((l) => `# ${l}`.trimEnd())
        .join('\n')}\n`,
      id,
    );
    add('crlf', 'LICENSE', `${copyright}${body}\n`.replace(/\n/g, '\r\n'), id);
    add('markdown', 'LICENSE.md', markdown(id, body), id);
    const removed = removeSentence(body);
    if (removed !== body) add('modified-clause-removed', 'LICENSE', `${removed}\n`, `not:${id}`);
    add('modified-restriction-added', 'LICENSE', `${insertSentence(body, RESTRICTION)}\n`, `not:${id}`);
  }

  // ids whose text is another's word for word (OFL-1.1-RFN, GPL-2.0-or-later) cannot be told apart by text
  const byText = new Map<string, string>();
  for (const id of Object.keys(list).sort())
    if (!byText.has(list[id]?.licenseText ?? '')) byText.set(list[id]?.licenseText ?? '', id);
  const others = Object.keys(list)
    .filter((id) => current.has(id) && !POPULAR.includes(id) && !/-or-later$|exception/i.test(id))
    .filter((id) => byText.get(list[id]?.licenseText ?? '') === id)
    .sort()
    .filter((_, i) => i % 7 === 0);
  for (const id of others) {
    add('other-plain', 'LICENSE', `${text(id)}\n`, id);
    add('other-rewrapped', 'COPYING', `Copyright 2021 Someone Else\n\n${rewrap(text(id), 70)}\n`, id);
  }

  for (let i = 0; i < 20; i++) {
    const a = POPULAR[i % 10] as string;
    const b = POPULAR[(i * 3 + 11) % POPULAR.length] as string;
    if (a === b) continue;
    const separator = '\n\n--------------------------------------------------------------------------\n\n';
    add(
      'two-licenses',
      'LICENSE',
      `${text(a)}${separator}Parts of this software are under:\n\n${text(b)}\n`,
      `${a} AND ${b}`,
    );
  }

  const pairs: [string, string, string][] = [
    ['MIT', 'Apache-2.0', 'the MIT license or the Apache License, Version 2.0'],
    ['Apache-2.0', 'MIT', 'the Apache License, Version 2.0 or the MIT license'],
    ['MIT', 'GPL-3.0-only', 'the MIT License or the GNU General Public License version 3'],
    ['BSD-3-Clause', 'GPL-2.0-or-later', 'the BSD 3-Clause license or the GNU GPL version 2 or later'],
    ['MPL-2.0', 'LGPL-2.1-or-later', 'the Mozilla Public License 2.0 or the LGPL 2.1 or later'],
  ];
  for (const [a, b, words] of pairs) {
    add(
      'dual-statement',
      'LICENSE',
      `This software is dual-licensed: you can use it under ${words}, at your option.\n`,
      `${a} OR ${b}`,
    );
    add(
      'dual-statement-readme',
      'README.md',
      `# tool\n\nSome tool.\n\n## License\n\nLicensed under either of ${words}, at your option.\n`,
      `${a} OR ${b}`,
    );
  }

  const gnu: [string, string, string][] = [
    ['GPL-2.0-only', 'GNU General Public License', '2'],
    ['GPL-3.0-only', 'GNU General Public License', '3'],
    ['LGPL-2.1-only', 'GNU Lesser General Public License', '2.1'],
  ];
  for (const [id, name, version] of gnu) {
    const notice =
      `This program is free software: you can redistribute it and/or modify it under the terms of the ${name} ` +
      `as published by the Free Software Foundation, either version ${version} of the License, or (at your ` +
      'option) any later version.\n\n';
    add(
      'gnu-or-later-notice',
      'COPYING',
      `Copyright (C) 2010 Example Hackers\n\n${rewrap(notice, 70)}\n${text(id)}\n`,
      id.replace('-only', '-or-later'),
    );
    add('gnu-text-only', 'COPYING', `${text(id)}\n`, id);
  }

  const none = [
    '# tool\n\nA command line tool.\n\n## Install\n\n    npm install -g tool\n\n## Usage\n\nRun `tool --help`.\n',
    'TODO: choose a license before the first release.\n',
    '# Changelog\n\n## 1.2.0\n\n- Faster parsing.\n- Fixed a crash on empty input.\n',
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.\n',
  ];
  for (let i = 0; i < 20; i++) {
    const content = none[i % none.length] as string;
    add('no-license', i % 2 === 0 ? 'README.md' : 'LICENSE', content, null);
  }
  fs.writeFileSync(path.join(out, 'labels.json'), `${JSON.stringify(cases, null, 1)}\n`);
  return cases;
}

/** Template placeholders filled in as a project would: a year and a name. */
function fill(text: string): string {
  return text.replace(/<[^<>\n]{1,60}>|\[[^[\]\n]{1,60}\]/g, (m) => {
    const inner = m.slice(1, -1);
    if (/https?:|www\.|@/.test(inner)) return m;
    if (/year|yyyy|jahr|date/i.test(inner)) return '2024';
    if (/name|owner|holder|author|copyright|organi[sz]ation|licensor|institution|contributor/i.test(inner))
      return 'Example Corp';
    return m;
  });
}

function rewrap(text: string, width: number): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => {
      const lines: string[] = [];
      let line = '';
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        if (line && line.length + 1 + word.length > width) {
          lines.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      if (line) lines.push(line);
      return lines.join('\n');
    })
    .join('\n\n');
}

function markdown(id: string, body: string): string {
  const paragraphs = body.split(/\n\s*\n/);
  const rest = paragraphs.slice(1).map((p) => (/^\d+\.\s/.test(p) ? `- ${p.replace(/^\d+\.\s/, '')}` : p));
  return `# ${id} License\n\n**${(paragraphs[0] ?? '').trim()}**\n\n${rest.join('\n\n')}\n`;
}

/** The longest sentence of the middle of the text, dropped: a clause gone. */
function removeSentence(text: string): string {
  const sentences = [...text.matchAll(/[^.;\n]{40,}?[.;]/g)];
  const middle = sentences.filter(
    (m) => (m.index ?? 0) > text.length * 0.15 && (m.index ?? 0) < text.length * 0.85,
  );
  const pick = middle.sort((a, b) => b[0].length - a[0].length)[0];
  if (!pick || pick.index === undefined) return text;
  return text.slice(0, pick.index) + text.slice(pick.index + pick[0].length);
}

function insertSentence(text: string, sentence: string): string {
  const at = text.indexOf('. ', Math.floor(text.length / 2));
  if (at < 0) return `${text}\n\n${sentence}`;
  return `${text.slice(0, at + 2)}${sentence} ${text.slice(at + 2)}`;
}

/** A source tree of `files` files, most with an SPDX-License-Identifier header, for the header scan. */
export function generateSpdxTree(out: string, files: number): void {
  fs.rmSync(out, { recursive: true, force: true });
  const kinds = [
    ['c', (e: string) => `/* SPDX-License-Identifier: ${e} */\n#include <stdio.h>\n`],
    [
      'py',
      (e: string) =>
        `# SPDX-FileCopyrightText: 2024 Example Corp\n# SPDX-License-Identifier: ${e}\n\nimport os\n`,
    ],
    ['ts', (e: string) => `// SPDX-License-Identifier: ${e}\n\nexport const x = 1;\n`],
    ['go', (e: string) => `// SPDX-License-Identifier: ${e}\n\npackage main\n`],
    ['rs', (e: string) => `// SPDX-License-Identifier: ${e}\nfn main() {}\n`],
  ] as const;
  const expressions = [
    'MIT',
    'Apache-2.0',
    'MIT OR Apache-2.0',
    'GPL-2.0-only WITH Linux-syscall-note',
    'BSD-3-Clause',
  ];
  const filler = `${'const value = compute(input, options); // some ordinary code\n'.repeat(60)}`;
  for (let i = 0; i < files; i++) {
    const dir = path.join(out, `pkg-${Math.floor(i / 100)}`, `mod-${Math.floor(i / 10) % 10}`);
    if (i % 10 === 0) fs.mkdirSync(dir, { recursive: true });
    const [ext, header] = kinds[i % kinds.length] as (typeof kinds)[number];
    const expression = expressions[i % expressions.length] as string;
    const body = i % 10 === 9 ? filler : header(expression) + filler;
    fs.writeFileSync(path.join(dir, `file-${i}.${ext}`), body);
  }
  fs.writeFileSync(path.join(out, 'LICENSE'), 'Licensed under the MIT license.\n');
}
