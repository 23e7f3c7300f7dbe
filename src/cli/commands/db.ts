import type { Command } from 'commander';
import { storeConfigFromEnv } from '../../core/config.js';
import { formatOption, type OutputFormat, output, printTable } from '../format.js';
import type { CliIO } from '../io.js';

export function dbCommand(program: Command, io: CliIO): void {
  const db = program.command('db').description('manage the store: schema migrations and their status');

  db.command('migrate')
    .description('apply pending migrations, each in its own transaction (also done on every start)')
    .addOption(formatOption())
    .action(async (opts: { format: OutputFormat }) => {
      const { createDatabase, runMigrations } = await import('../../store/index.js');
      const database = await createDatabase(storeConfigFromEnv(io.env, io.cwd));
      try {
        const report = await runMigrations(database);
        output(io, opts.format, { store: database.location, ...report }, (r) => {
          if (r.applied.length === 0) io.stdout(`${r.store}: up to date (${r.alreadyApplied} migrations)\n`);
          for (const id of r.applied) io.stdout(`applied ${id}\n`);
        });
      } finally {
        await database.close();
      }
    });

  db.command('status')
    .description('list migrations: applied (with when) or pending')
    .addOption(formatOption())
    .action(async (opts: { format: OutputFormat }) => {
      const { createDatabase, readMigrationStatus } = await import('../../store/index.js');
      const database = await createDatabase(storeConfigFromEnv(io.env, io.cwd));
      try {
        const status = await readMigrationStatus(database);
        const rows = status.map((s) => ({
          id: s.id,
          state: s.appliedAt ? 'applied' : 'pending',
          appliedAt: s.appliedAt?.toISOString() ?? null,
        }));
        output(io, opts.format, { store: database.location, kind: database.kind, migrations: rows }, (r) => {
          io.stdout(`store: ${r.store} (${r.kind})\n`);
          printTable(io, r.migrations, [
            ['migration', (m) => m.id],
            ['state', (m) => m.state],
            ['applied at', (m) => m.appliedAt],
          ]);
        });
      } finally {
        await database.close();
      }
    });
}
