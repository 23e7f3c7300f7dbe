import { type Command, Option } from 'commander';
import { InputError } from '../../core/errors.js';
import type { DirectoryReport, FileEntry } from '../../services/licenses/report.js';
import { printJson, printTable } from '../format.js';
import type { CliIO } from '../io.js';

interface DetectFlags {
  format: 'table' | 'json';
  maxFileSize: string;
  headers: 'summary' | 'files' | 'off';
}

export function licenseCommand(program: Command, io: CliIO): void {
  const license = program
    .command('license')
    .description('license evidence: what license texts, notices, READMEs and SPDX headers state');

  license
    .command('detect')
    .description('detect the licenses of a file, or of a project folder and the files in it')
    .argument('<path>', 'a license file, NOTICE, README or source file; or a project folder')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'),
    )
    .option(
      '--max-file-size <mb>',
      'report license, NOTICE and README files larger than this many megabytes',
      '10',
    )
    .addOption(
      new Option('--headers <mode>', 'SPDX-License-Identifier headers of the other files in a folder')
        .choices(['summary', 'files', 'off'])
        .default('summary'),
    )
    .addHelpText(
      'after',
      '\nWhat is read:\n' +
        '  license files  LICENSE*, LICENCE*, COPYING*, UNLICENSE and REUSE LICENSES/* files, matched against\n' +
        '                 the full SPDX license list (SPDX matching guidelines) and for license statements\n' +
        '  NOTICE*        copyright statements and license statements\n' +
        '  README*        its license section only ("## License", "License\\n=======", "License: MIT")\n' +
        '  other files    SPDX-License-Identifier: headers in their first 64 KiB (--headers)\n' +
        '.git and node_modules are skipped. The SPDX index is built once and kept in OSPO_CACHE_DIR\n' +
        '(default $XDG_CACHE_HOME/ospokit or ~/.cache/ospokit; OSPO_CACHE_DIR=off keeps none).\n' +
        '\nResults: an SPDX expression per file ("MIT", "MIT OR Apache-2.0", "GPL-2.0-or-later WITH\n' +
        'Classpath-exception-2.0"), null when the file states no license, LicenseRef-ospo-modified-<id> for a\n' +
        'standard text someone changed, LicenseRef-ospo-unknown for license text that matches no SPDX license;\n' +
        'with a confidence from 0 to 1, where each license was found (lines) and the copyright statements.\n' +
        'For a folder, the project license is read from the root license files (combined as the root\n' +
        "README's license section says), else the README, else LICENSES/, else the SPDX headers.\n" +
        '\nExit codes: 0 when detection ran (whatever it found), 2 when the path cannot be read.\n' +
        '\nExamples:\n' +
        '  ospo license detect .\n' +
        '  ospo license detect LICENSE --format json\n' +
        '  ospo license detect vendor/lib --headers files -f json',
    )
    .action(async (target: string, flags: DetectFlags) => {
      const maxMb = Number(flags.maxFileSize);
      if (!(maxMb > 0)) {
        throw new InputError(
          'ERR_OSPO_USAGE',
          `--max-file-size must be a positive number, got "${flags.maxFileSize}"`,
        );
      }
      const { detectLicenses } = await import('../../services/licenses/detect.js');
      const { defaultCacheDir } = await import('../../services/licenses/index-cache.js');
      const path = await import('node:path');
      const result = await detectLicenses(path.resolve(io.cwd, target), {
        maxFileBytes: Math.round(maxMb * 1024 * 1024),
        headers: flags.headers,
        cacheDir: defaultCacheDir(io.env),
      });
      if (result.kind === 'file') {
        const report = { ...result.report, path: target };
        if (flags.format === 'json') printJson(io, report);
        else renderFile(io, report);
        return;
      }
      const report = { ...result.report, path: target };
      if (flags.format === 'json') printJson(io, report);
      else renderDirectory(io, report);
      for (const e of report.errors)
        io.stderr(`  ${e.path}${e.line ? `:${e.line}` : ''}: ${e.message} [${e.code}]\n`);
    });
}

function renderFile(io: CliIO, entry: FileEntry): void {
  io.stdout(
    `${entry.path}: ${entry.license ?? 'no license found'} (confidence ${entry.confidence.toFixed(2)})\n`,
  );
  if (entry.matches.length > 0) {
    printTable(io, entry.matches, [
      ['match', (m) => m.id],
      ['kind', (m) => m.kind],
      ['coverage', (m) => `${Math.round(m.coverage * 100)}%`],
      ['lines', (m) => `${m.start_line}-${m.end_line}`],
    ]);
  }
  for (const c of entry.copyrights) io.stdout(`${c}\n`);
  for (const w of entry.warnings ?? []) io.stdout(`warning: ${w.message} [${w.code}]\n`);
}

function renderDirectory(io: CliIO, report: DirectoryReport): void {
  if (report.files.length === 0) io.stdout('No license, NOTICE or README license section found.\n');
  else {
    printTable(io, report.files, [
      ['path', (f) => f.path],
      ['kind', (f) => f.kind],
      ['license', (f) => f.license],
      ['confidence', (f) => f.confidence.toFixed(2)],
      [
        'matches',
        (f) =>
          f.matches
            .map((m) => `${m.id} ${Math.round(m.coverage * 100)}% (${m.start_line}-${m.end_line})`)
            .join('; '),
      ],
    ]);
  }
  const h = report.spdx_headers;
  if (h) {
    const top = h.licenses.slice(0, 5).map((l) => `${l.license} ${l.files}`);
    const more = h.licenses.length > 5 ? `, ${h.licenses.length - 5} more` : '';
    io.stdout(
      `\nSPDX headers: ${h.files_with_header} of ${h.files_scanned} files${top.length ? `: ${top.join(', ')}${more}` : ''}` +
        `${h.invalid.length ? `; ${h.invalid.length} invalid` : ''}\n`,
    );
  }
  const p = report.project;
  io.stdout(
    `Project license: ${p.license ?? 'none found'}` +
      (p.license ? ` (confidence ${p.confidence.toFixed(2)}, from ${p.from.join(', ')})` : '') +
      '\n',
  );
}
