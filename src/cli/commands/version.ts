import type { Command } from 'commander';
import { InputError, isOspoError } from '../../core/errors.js';
import { EXIT_USAGE, ExitStatus } from '../exit.js';
import { formatOption, type OutputFormat, printJson } from '../format.js';
import type { CliIO } from '../io.js';

type Answer = { line: number; a: string; b: string; order: -1 | 0 | 1 } | { line: number; error: LineError };
type LineError = { code: string; message: string };

export function versionCommand(program: Command, io: CliIO): void {
  const version = program
    .command('version')
    .description("order versions the way each ecosystem's package manager does");

  version
    .command('compare')
    .description(
      'read lines of "A B" from standard input and print -1, 0 or 1 for each (A older, same, newer)',
    )
    .requiredOption('-e, --ecosystem <ecosystem>', 'OSV ecosystem name: npm, PyPI, Maven, Go, Debian:12, ...')
    .addOption(formatOption())
    .addHelpText(
      'after',
      '\nOne output line per input line: -1 when A is older than B, 0 when they are the same version,\n' +
        '1 when A is newer. A line that is not two versions of the ecosystem prints an empty line and an\n' +
        'error naming its line number on standard error; the other lines are still answered, and the exit\n' +
        'code is then 2. Empty input lines give empty output lines.\n' +
        '\nExamples:\n' +
        "  printf '1.0.0-rc.1 1.0.0\\n' | ospo version compare --ecosystem npm\n" +
        "  printf '1.0~rc1 1.0\\n2:1.0 10.0\\n' | ospo version compare -e Debian:12",
    )
    .action(async (opts: { ecosystem: string; format: OutputFormat }) => {
      const { versionSchemeFor, versionSchemes } = await import('../../modules/versioning/index.js');
      const scheme = versionSchemeFor(opts.ecosystem);
      if (!scheme) {
        const known = [...new Set(versionSchemes.flatMap((s) => s.ecosystems))].join(', ');
        throw new InputError(
          'ERR_OSPO_UNKNOWN_ECOSYSTEM',
          `no version ordering is known for "${opts.ecosystem}"`,
          {
            hint: `Use one of: ${known} (a ":release" suffix such as Debian:12 is allowed).`,
          },
        );
      }
      const text = await io.readStdin();
      const lines = text.split(/\r?\n/);
      if (lines.at(-1) === '') lines.pop();
      const answers: Answer[] = [];
      lines.forEach((raw, i) => {
        const line = i + 1;
        if (raw.trim() === '') {
          if (opts.format === 'table') io.stdout('\n');
          return;
        }
        const answer = compareLine(raw, line, scheme);
        answers.push(answer);
        if ('error' in answer)
          io.stderr(`ospo: line ${line}: ${answer.error.message} [${answer.error.code}]\n`);
        if (opts.format === 'table') io.stdout('error' in answer ? '\n' : `${answer.order}\n`);
      });
      if (opts.format === 'json') printJson(io, answers);
      if (answers.some((a) => 'error' in a)) throw new ExitStatus(EXIT_USAGE);
    });
}

function compareLine(
  raw: string,
  line: number,
  scheme: { compare(a: string, b: string): -1 | 0 | 1 },
): Answer {
  const words = raw.trim().split(/\s+/);
  const [a, b] = words;
  if (words.length !== 2 || a === undefined || b === undefined) {
    return {
      line,
      error: {
        code: 'ERR_OSPO_USAGE',
        message: `expected two versions separated by a space, got ${words.length} words`,
      },
    };
  }
  try {
    return { line, a, b, order: scheme.compare(a, b) };
  } catch (error) {
    if (!isOspoError(error)) throw error;
    return { line, error: { code: error.code, message: error.message } };
  }
}
