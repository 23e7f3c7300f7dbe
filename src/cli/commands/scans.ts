import type { Command } from 'commander';
import { localActor, withStore } from '../context.js';
import { formatOption, type OutputFormat, output, printTable } from '../format.js';
import type { CliIO } from '../io.js';

type ScanListOptions = { limit: string; cursor?: string; sort?: string; format: OutputFormat };

export function scansCommand(program: Command, io: CliIO): void {
  const scans = program
    .command('scans')
    .description("a project's saved scans: history, packages and differences");

  scans
    .command('list <project>')
    .description('list the saved scans of a project, newest first')
    .option('-l, --limit <n>', 'scans per page', '50')
    .option('-c, --cursor <cursor>', 'continue from the "next" cursor of an earlier page')
    .option('-s, --sort <key>', '-created (newest first) or created (oldest first)')
    .addOption(formatOption())
    .action(async (project: string, opts: ScanListOptions) => {
      const { listScans } = await import('../../services/inventory/scans.js');
      const limit = Number(opts.limit) || 50;
      const page = await withStore(io, (store) =>
        listScans(store, localActor(), project, { limit, cursor: opts.cursor, sort: opts.sort }),
      );
      output(io, opts.format, page, (p) => {
        if (p.items.length === 0) {
          io.stdout(`No scans of ${project} yet. Save one: ospo scan PATH --save --project ${project}\n`);
          return;
        }
        printTable(io, p.items, [
          ['scan', (s) => s.id],
          ['when', (s) => s.createdAt],
          ['commit', (s) => s.vcsCommit?.slice(0, 12)],
          ['branch', (s) => s.vcsBranch],
          ['packages', (s) => s.packageCount],
          ['files', (s) => s.fileCount],
          ['errors', (s) => s.errorCount],
        ]);
        const sorted = opts.sort ? ` --sort=${opts.sort}` : '';
        if (p.next) io.stdout(`more: ospo scans list ${project}${sorted} --cursor ${p.next}\n`);
      });
    });

  scans
    .command('diff <from-scan> <to-scan>')
    .description('what was added, removed or changed version between two scans')
    .addOption(formatOption())
    .action(async (from: string, to: string, opts: { format: OutputFormat }) => {
      const { diffScans } = await import('../../services/inventory/scans.js');
      const diff = await withStore(io, (store) => diffScans(store, localActor(), from, to));
      output(io, opts.format, diff, (d) => {
        for (const p of d.added) io.stdout(`+ ${p.ecosystem} ${p.name} ${p.version ?? '(unpinned)'}\n`);
        for (const p of d.removed) io.stdout(`- ${p.ecosystem} ${p.name} ${p.version ?? '(unpinned)'}\n`);
        for (const c of d.changed)
          io.stdout(`~ ${c.ecosystem} ${c.name} ${c.from.join(', ')} -> ${c.to.join(', ')}\n`);
        io.stdout(`${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed\n`);
      });
    });
}
