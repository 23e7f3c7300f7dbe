import fs from 'node:fs';
import { availableParallelism } from 'node:os';
import { type Command, Option } from 'commander';
import { InputError } from '../../core/errors.js';
import { packageVersion } from '../../core/version.js';
import { jsonReportChunks } from '../../services/inventory/json-report.js';
import { reportCounts, type ScanReport } from '../../services/inventory/report.js';
import { localActor, openConfiguredStore } from '../context.js';
import { printTable } from '../format.js';
import type { CliIO } from '../io.js';
import { progressLine } from '../progress.js';

const formats = ['table', 'json', 'cyclonedx', 'spdx', 'spdx3'] as const;
type ScanFormat = (typeof formats)[number];

interface ScanOptions {
  save?: boolean;
  project?: string;
  workers?: string;
  format: ScanFormat;
  specVersion?: string;
  output?: string;
  exclude: string[];
  maxFileSize: string;
}

export function scanCommand(program: Command, io: CliIO): void {
  program
    .command('scan')
    .description('find every dependency in lockfiles and manifests under the given paths')
    .argument('<path...>', 'folders or single files to scan')
    .addOption(new Option('-f, --format <format>', 'output format').choices(formats).default('table'))
    .option('-o, --output <file>', 'write the output to a file instead of standard output')
    .option('--spec-version <version>', 'SBOM spec version to write: CycloneDX 1.6 (default) or 1.7')
    .option('-x, --exclude <glob>', 'leave out matching paths (repeatable; `**` any depth)', collect, [])
    .option(
      '--max-file-size <mb>',
      'report files larger than this many megabytes instead of reading them',
      '50',
    )
    .option('--workers <n>', 'parse workers (default: one per core, at most 4; 0 parses in the main thread)')
    .option('--save', 'keep the scan in the store, under --project (unchanged files are not parsed again)')
    .option('-p, --project <name>', 'the project a saved scan belongs to')
    .addHelpText(
      'after',
      '\nSkips .git; inside node_modules, vendor and virtualenvs it reads only installed-package metadata.\n' +
        'A file that cannot be read is listed under errors; the others are scanned all the same.\n' +
        'Exit codes: 0 when anything was scanned, 2 when nothing could be.\n' +
        '\nExamples:\n  ospo scan .\n  ospo scan . --format json -o inventory.json --exclude "**/fixtures/**"',
    )
    .action(async (paths: string[], opts: ScanOptions) => {
      const maxMb = Number(opts.maxFileSize);
      if (!(maxMb > 0)) {
        throw new InputError(
          'ERR_OSPO_USAGE',
          `--max-file-size must be a positive number, got "${opts.maxFileSize}"`,
        );
      }
      if (opts.save && !opts.project) {
        throw new InputError('ERR_OSPO_USAGE', '--save needs --project NAME', {
          hint: 'Create the project first with `ospo projects create NAME`.',
        });
      }
      const [{ scanPaths }, { scanExtractors, sbomFormats }, sbom] = await Promise.all([
        import('../../services/inventory/scan.js'),
        import('../../services/inventory/plugins.js'),
        import('../../services/inventory/sbom.js'),
      ]);
      const store = opts.save ? await openConfiguredStore(io) : null;
      try {
        const progress = io.stderrIsTTY ? progressLine(io) : null;
        const report = await scanPaths(paths, {
          ...(store ? { cache: store.repos.extractionCache } : {}),
          extractors: scanExtractors,
          ...(opts.workers !== undefined ? { workers: parseWorkers(opts.workers) } : {}),
          exclude: opts.exclude,
          maxFileBytes: Math.round(maxMb * 1024 * 1024),
          cwd: io.cwd,
          ...(progress
            ? { onProgress: (p) => progress.update(`${p.files} files, ${p.packages} packages: ${p.path}`) }
            : {}),
        });
        progress?.done();
        const chunks =
          opts.format === 'json'
            ? jsonReportChunks(report, {
                // the edges' threads work beside this one, which writes the packages
                threads: Math.min(
                  opts.workers !== undefined ? parseWorkers(opts.workers) : 4,
                  Math.max(1, availableParallelism() - 1),
                ),
                // writeOut is done with each chunk before it takes the next
                reuse: true,
              })
            : [
                opts.format === 'table'
                  ? renderTable(report)
                  : `${sbom.writeSbom(
                      sbomFormats,
                      opts.format,
                      sbom.reportToInventory(report, paths[0] ?? '.'),
                      {
                        toolVersion: packageVersion(),
                        specVersion: opts.specVersion,
                      },
                    )}\n`,
              ];
        await writeOut(io, opts.output, chunks);
        summarize(io, report, opts.output);
        if (report.files.length === 0 && report.errors.length > 0) {
          throw new InputError('ERR_OSPO_NOTHING_SCANNED', 'no file could be scanned', {
            hint: 'See the errors above; check the paths and that they hold supported lockfiles.',
          });
        }
        if (store && opts.project) {
          const { saveScan } = await import('../../services/inventory/scans.js');
          const { gitInfo } = await import('../../services/inventory/vcs.js');
          const vcs = await gitInfo(paths[0] ?? '.');
          const saved = await saveScan(store, localActor(), opts.project, {
            report,
            source: 'path',
            vcs,
            toolVersion: packageVersion(),
          });
          const at = vcs.commit ? ` at ${vcs.branch ?? 'detached'} ${vcs.commit.slice(0, 12)}` : '';
          io.stderr(`saved scan ${saved.id} of project ${opts.project}${at}\n`);
        }
      } finally {
        await store?.close();
      }
    });
}

function renderTable(report: ScanReport): string {
  let out = '';
  const io = {
    stdout: (t: string) => {
      out += t;
    },
  };
  if (report.packages.length === 0) return 'No dependencies found.\n';
  printTable(io, report.packages, [
    ['ecosystem', (p) => p.ecosystem],
    ['name', (p) => p.name],
    ['version', (p) => p.version],
    ['scope', (p) => p.scope],
    ['direct', (p) => (p.direct === null ? null : p.direct ? 'yes' : 'no')],
    ['licenses', (p) => p.licenses.join(', ')],
    ['found in', (p) => p.locations.map((l) => l.path).join(', ')],
  ]);
  return out;
}

/** One line to stderr, so stdout stays clean for JSON; errors listed under it. */
function summarize(io: CliIO, report: ScanReport, output: string | undefined): void {
  const where = output ? ` (written to ${output})` : '';
  const counts = reportCounts(report);
  io.stderr(
    `scanned ${report.files.length} files: ${counts.packages} packages, ` +
      `${counts.dependencies} dependency edges, ${report.errors.length} errors${where}\n`,
  );
  for (const e of report.errors)
    io.stderr(`  ${e.path}${e.line ? `:${e.line}` : ''}: ${e.message} [${e.code}]\n`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Write chunks to a file or to standard output, each wholly before the next is asked for: the JSON
 * report reuses its chunks' memory (see jsonReportChunks), so a chunk must not wait in a stream's
 * buffer. Byte chunks end between characters.
 */
async function writeOut(
  io: CliIO,
  file: string | undefined,
  chunks: Iterable<string | Buffer> | AsyncIterable<string | Buffer>,
): Promise<void> {
  if (!file) {
    for await (const chunk of chunks) io.stdout(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    return;
  }
  const failed = (error: unknown) =>
    new InputError('ERR_OSPO_OUTPUT', `cannot write ${file}: ${(error as NodeJS.ErrnoException).code}`, {
      hint: 'Check that the folder exists, that you may write there, and that the disk has room.',
    });
  const out = await fs.promises.open(file, 'w').catch((error) => {
    throw failed(error);
  });
  try {
    for await (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      for (let at = 0; at < bytes.length; ) {
        const { bytesWritten } = await out.write(bytes, at, bytes.length - at).catch((error) => {
          throw failed(error);
        });
        at += bytesWritten;
      }
    }
  } finally {
    await out.close();
  }
}

function parseWorkers(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 64) {
    throw new InputError('ERR_OSPO_USAGE', `--workers takes a whole number from 0 to 64, got "${raw}"`);
  }
  return n;
}
