import { Command } from 'commander';
import { packageVersion } from '../core/version.js';
import { advisoriesCommand } from './commands/advisories.js';
import { checkCommand } from './commands/check.js';
import { dbCommand } from './commands/db.js';
import { findingsCommand } from './commands/findings.js';
import { licenseCommand } from './commands/license.js';
import { noticeCommand } from './commands/notice.js';
import { projectsCommand } from './commands/projects.js';
import { sbomCommand } from './commands/sbom.js';
import { scanCommand } from './commands/scan.js';
import { scansCommand } from './commands/scans.js';
import { serveCommand } from './commands/serve.js';
import { tokensCommand } from './commands/tokens.js';
import { usersCommand } from './commands/users.js';
import { versionCommand } from './commands/version.js';
import { vulnsCommand } from './commands/vulns.js';
import { workerCommand } from './commands/worker.js';
import type { CliIO } from './io.js';

/** The whole command tree, wired in one place. Commands import their heavy parts lazily. */
export function buildProgram(io: CliIO): Command {
  const program = new Command('ospo')
    .description(
      'ospokit: run your Open Source Program Office.\n' +
        'Inventory, license compliance, vulnerabilities, governance, community and program metrics.',
    )
    .version(packageVersion(), '-V, --version', 'print the ospokit version')
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.addHelpText(
    'after',
    '\nEnvironment:\n' +
      '  OSPO_DATA_DIR   embedded store folder (default ./.ospo)\n' +
      '  DATABASE_URL    use this PostgreSQL database instead of the embedded store\n' +
      '  OSPO_PORT       port for `ospo serve` (default 7070)\n' +
      '\nExit codes: 0 ok, 1 a check found problems, 2 bad usage or input, 3 internal error.',
  );

  scanCommand(program, io);
  scansCommand(program, io);
  sbomCommand(program, io);
  checkCommand(program, io);
  advisoriesCommand(program, io);
  vulnsCommand(program, io);
  findingsCommand(program, io);
  licenseCommand(program, io);
  noticeCommand(program, io);
  serveCommand(program, io);
  workerCommand(program, io);
  dbCommand(program, io);
  projectsCommand(program, io);
  usersCommand(program, io);
  tokensCommand(program, io);
  versionCommand(program, io);

  for (const command of program.commands) command.exitOverride().showSuggestionAfterError(true);
  return program;
}
