import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_DATA_DIR } from '../../core/config.js';
import { InputError } from '../../core/errors.js';
import type { SyncReport } from '../../services/vulnerabilities/sync.js';
import { localActor, withStore } from '../context.js';
import { EXIT_USAGE, ExitStatus } from '../exit.js';
import { formatOption, type OutputFormat, output, printTable } from '../format.js';
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
      const report = await withStore(
        io,
        (store) =>
          importAdvisories(store, localActor(), paths, {
            ...(progress
              ? {
                  onProgress: (p) => progress.update(`${p.read} read, ${p.stored} stored: ${p.path}`),
                  onStep: (step) => progress.update(`${step} ...`),
                }
              : {}),
          }),
        { brief: false },
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

  syncSubcommand(advisories, io);
}

// Keep in step with DEFAULT_SYNC_ECOSYSTEMS (services/vulnerabilities/sync.ts; a CLI test compares them):
// importing the service here for its help would load it for every command.
const DEFAULT_ECOSYSTEMS_HELP =
  'npm, PyPI, Go, crates.io, RubyGems, Packagist, Maven, NuGet, Pub, Hex, ConanCenter, CRAN';
/** Some ecosystems failed, the others were synced: a script can tell it from a total failure (2). */
const EXIT_SOME_FAILED = 1;

interface SyncFlags {
  ecosystem?: string[];
  url?: string;
  cache?: string;
  force?: boolean;
  maxSize: string;
  timeout: string;
  format: OutputFormat;
}

function syncSubcommand(advisories: Command, io: CliIO): void {
  advisories
    .command('sync')
    .description("download osv.dev's per-ecosystem dumps and import what changed (goes online)")
    .option(
      '-e, --ecosystem <name...>',
      'ecosystems to sync, named as osv.dev names them (default: see below)',
    )
    .option('--url <base>', 'mirror base URL (default: $OSPO_OSV_MIRROR_URL, else osv.dev)')
    .option('--cache <dir>', 'where the zips are kept between syncs (default: <OSPO_DATA_DIR>/osv-mirror)')
    .option(
      '--force',
      'download and import again even when the mirror says nothing changed (say, for another store)',
    )
    .option('--max-size <MiB>', 'largest dump accepted', '2048')
    .option('--timeout <seconds>', 'longest the mirror may stay silent', '60')
    .addOption(formatOption())
    .addHelpText(
      'after',
      '\nGoes online: this command is the opt-in (`advisories import` and `vulns` never do). It downloads\n' +
        "<url>/<ecosystem>/all.zip for each ecosystem (osv.dev's bucket,\n" +
        'https://osv-vulnerabilities.storage.googleapis.com, unless --url or OSPO_OSV_MIRROR_URL names\n' +
        'another server with the same layout) into the cache folder, then imports the zips that changed as\n' +
        '`ospo advisories import` does. A zip unchanged since the last sync (ETag, Last-Modified) is neither\n' +
        'downloaded nor imported again. A failed download leaves the previous zip as it was, and one\n' +
        'ecosystem failing does not stop the others.\n' +
        `\nDefault ecosystems: ${DEFAULT_ECOSYSTEMS_HELP}.\n` +
        '\nExit codes: 0 every ecosystem synced or unchanged; 1 some failed (listed on stderr, the others\n' +
        'were imported); 2 every one failed, or bad usage; 3 internal error.\n' +
        '\nExamples:\n  ospo advisories sync\n  ospo advisories sync --ecosystem npm PyPI --format json\n' +
        '  OSPO_OSV_MIRROR_URL=https://osv-mirror.example.internal ospo advisories sync -e Maven\n' +
        '  ospo advisories sync --cache /var/cache/ospo-osv --timeout 300',
    )
    .action(async (flags: SyncFlags) => {
      const maxSize = positive(flags.maxSize, '--max-size');
      const timeout = positive(flags.timeout, '--timeout');
      const ecosystems = flags.ecosystem
        ?.flatMap((e) => e.split(','))
        .map((e) => e.trim())
        .filter(Boolean);
      const baseUrl = flags.url ?? (io.env.OSPO_OSV_MIRROR_URL?.trim() || undefined);
      const dataDir = io.env.OSPO_DATA_DIR?.trim() || DEFAULT_DATA_DIR;
      const cacheDir = path.resolve(io.cwd, flags.cache ?? path.join(dataDir, 'osv-mirror'));
      const { syncAdvisories } = await import('../../services/vulnerabilities/sync.js');
      const progress = io.stderrIsTTY ? progressLine(io) : null;
      const report = await withStore(
        io,
        (store) =>
          syncAdvisories(store, localActor(), {
            cacheDir,
            maxBytes: Math.round(maxSize * 1024 * 1024),
            timeoutMs: Math.round(timeout * 1000),
            ...(ecosystems ? { ecosystems } : {}),
            ...(baseUrl ? { baseUrl } : {}),
            ...(flags.force ? { force: true } : {}),
            ...(progress
              ? {
                  onDownload: (p) =>
                    progress.update(
                      `downloading ${p.ecosystem}: ${mib(p.received)}${p.total ? ` of ${mib(p.total)}` : ''}`,
                    ),
                  onImport: (p) =>
                    progress.update(`importing: ${p.read} read, ${p.stored} stored: ${p.path}`),
                  onStep: (step) => progress.update(`importing: ${step} ...`),
                }
              : {}),
          }),
        { brief: false },
      ).finally(() => progress?.done());
      output(io, flags.format, report, (r) => printSync(io, r));
      const failed = report.ecosystems.filter((e) => e.status === 'failed');
      for (const { error } of failed) {
        if (!error) continue;
        io.stderr(`ospo: ${error.message} [${error.code}]\n`);
        if (error.hint) io.stderr(`hint: ${error.hint}\n`);
      }
      if (failed.length > 0 && failed.length === report.ecosystems.length) throw new ExitStatus(EXIT_USAGE);
      if (failed.length > 0) throw new ExitStatus(EXIT_SOME_FAILED);
    });
}

function printSync(io: CliIO, r: SyncReport): void {
  printTable(io, r.ecosystems, [
    ['ecosystem', (e) => e.ecosystem],
    ['status', (e) => e.status],
    ['downloaded', (e) => (e.bytes > 0 ? mib(e.bytes) : null)],
    ['error', (e) => e.error?.code],
  ]);
  const i = r.import;
  io.stdout(
    `imported ${i.read} documents: ${i.inserted} new, ${i.updated} updated, ${i.unchanged} unchanged, ${i.skipped.length} skipped\n`,
  );
}

function positive(raw: string, flag: string): number {
  const n = Number(raw);
  if (!(n > 0)) throw new InputError('ERR_OSPO_USAGE', `${flag} must be a positive number, got "${raw}"`);
  return n;
}

function mib(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
