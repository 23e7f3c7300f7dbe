import { InputError } from '../core/errors.js';
import type { ScanReport } from '../services/inventory/report.js';
import type { CliIO } from './io.js';
import { progressLine } from './progress.js';

/**
 * The scan under commands that judge an inventory (`check`, `notice`, `vulns`): progress on a terminal,
 * each unreadable file on stderr, and a coded error when nothing at all could be scanned.
 */
export async function scanFor(
  io: CliIO,
  paths: readonly string[],
  options: { exclude: readonly string[]; command: string; purpose: string },
): Promise<ScanReport> {
  const [{ scanPaths }, { scanExtractors }] = await Promise.all([
    import('../services/inventory/scan.js'),
    import('../services/inventory/plugins.js'),
  ]);
  const progress = io.stderrIsTTY ? progressLine(io) : null;
  const report = await scanPaths(paths, {
    extractors: scanExtractors,
    exclude: options.exclude,
    cwd: io.cwd,
    ...(progress
      ? { onProgress: (p) => progress.update(`${p.files} files, ${p.packages} packages: ${p.path}`) }
      : {}),
  });
  progress?.done();
  for (const e of report.errors)
    io.stderr(`  ${e.path}${e.line ? `:${e.line}` : ''}: ${e.message} [${e.code}]\n`);
  if (report.files.length === 0) {
    throw new InputError('ERR_OSPO_NOTHING_SCANNED', `no file could be scanned, so ${options.purpose}`, {
      hint: `Point \`ospo ${options.command}\` at a folder with lockfiles, manifests, installed packages or an SBOM.`,
    });
  }
  return report;
}
