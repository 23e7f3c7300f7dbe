import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import type { CliIO } from '../io.js';
import { scanFor } from '../scan-for.js';

const formats = ['text', 'markdown', 'html'] as const;

interface NoticeOptions {
  format: (typeof formats)[number];
  output?: string;
  title?: string;
  includeDev?: boolean;
  exclude: string[];
}

export function noticeCommand(program: Command, io: CliIO): void {
  program
    .command('notice')
    .description(
      'write third-party notices: each package, its license and copyrights, each license text once',
    )
    .argument('<path...>', 'folders or files to scan (lockfiles, manifests, installed packages, SBOMs)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(formats).default('text'))
    .option('-o, --output <file>', 'write the notices to a file instead of standard output')
    .option('--title <text>', 'the heading of the document', 'Third-party software notices')
    .option('--include-dev', 'also list development dependencies (left out by default: they do not ship)')
    .option('-x, --exclude <glob>', 'leave out matching paths (repeatable)', collect, [])
    .addHelpText(
      'after',
      '\nCopyright statements are read from the license and NOTICE files of installed packages\n' +
        '(node_modules, Python dist-info); license texts come from the SPDX license list.\n' +
        '\nExamples:\n  ospo notice . -o THIRD_PARTY_NOTICES.txt\n  ospo notice . --format html -o notices.html',
    )
    .action(async (paths: string[], opts: NoticeOptions) => {
      const [{ installedEvidence }, notice] = await Promise.all([
        import('../../services/compliance/installed-evidence.js'),
        import('../../services/compliance/notice.js'),
      ]);
      const report = await scanFor(io, paths, {
        exclude: opts.exclude,
        command: 'notice',
        purpose: 'there is nothing to list',
      });
      const packages = report.packages.filter((p) => opts.includeDev || p.scope !== 'dev');
      const evidence = await installedEvidence(packages, io.cwd);
      const doc = notice.buildNotice(opts.title ?? 'Third-party software notices', packages, evidence);
      const text = notice.renderNotice(doc, opts.format);
      if (opts.output) fs.writeFileSync(path.resolve(io.cwd, opts.output), text);
      else io.stdout(text);
      const unknown = doc.entries.filter((e) => e.license === null).length;
      io.stderr(
        `listed ${doc.entries.length} packages and ${doc.texts.length} license texts` +
          `${unknown ? `; ${unknown} packages have no known license` : ''}${opts.output ? ` (written to ${opts.output})` : ''}\n`,
      );
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
