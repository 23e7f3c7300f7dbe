import type { Command } from 'commander';
import { localActor, withStore } from '../context.js';
import { formatOption, type OutputFormat, output } from '../format.js';
import type { CliIO } from '../io.js';
import { progressLine } from '../progress.js';

export function advisoriesCommand(program: Command, io: CliIO): void {
  const advisories = program.command('advisories').description('security advisories (OSV) in the store');

  advisories
    .command('import')
    .description('import OSV records: JSON files, folders of them, or osv.dev zip dumps (all.zip)')
    .argument('<path...>', 'files, folders or zip dumps')
    .addOption(formatOption())
    .addHelpText(
      'after',
      '\nIdempotent: a record replaces a stored one only when its `modified` is newer. A document that is\n' +
        'not an OSV record is listed with why; the rest import. A zip with paths outside itself, links\n' +
        'or a decompression bomb is refused whole (exit 2).\n' +
        '\nExamples:\n  ospo advisories import ./osv/PyPI-all.zip ./osv/npm-all.zip\n  ospo advisories import ./advisory-db/',
    )
    .action(async (paths: string[], opts: { format: OutputFormat }) => {
      const { importAdvisories } = await import('../../services/vulnerabilities/import.js');
      const progress = io.stderrIsTTY ? progressLine(io) : null;
      const report = await withStore(io, (store) =>
        importAdvisories(store, localActor(), paths, {
          ...(progress
            ? { onProgress: (p) => progress.update(`${p.read} read, ${p.stored} stored: ${p.path}`) }
            : {}),
        }),
      );
      progress?.done();
      output(io, opts.format, report, (r) => {
        io.stdout(
          `read ${r.read} documents: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged, ${r.skipped.length} skipped\n`,
        );
        for (const s of r.skipped.slice(0, 50)) io.stdout(`  ${s.path}: ${s.message} [${s.code}]\n`);
        if (r.skipped.length > 50) io.stdout(`  …and ${r.skipped.length - 50} more (see --format json)\n`);
      });
    });
}
