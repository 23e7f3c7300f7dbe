import { type Command, Option } from 'commander';
import { roles } from '../../core/schemas.js';
import { localActor, withStore } from '../context.js';
import { formatOption, type OutputFormat, output, printTable } from '../format.js';
import type { CliIO } from '../io.js';

export function usersCommand(program: Command, io: CliIO): void {
  const users = program.command('users').description('accounts that sign in to the dashboard and API');

  users
    .command('add')
    .description('create a user; the password is read from standard input')
    .requiredOption('-e, --email <email>', 'sign-in email')
    .requiredOption('-n, --name <name>', 'display name')
    .addOption(new Option('-r, --role <role>', 'role').choices(roles).default('member'))
    .option('--admin', 'shorthand for --role admin')
    .addOption(formatOption())
    .addHelpText('after', '\nExample: printf %s "$PASSWORD" | ospo users add --admin -e me@example.com -n Me')
    .action(
      async (opts: { email: string; name: string; role: string; admin?: boolean; format: OutputFormat }) => {
        const password = (await io.readStdin()).replace(/\r?\n$/, '');
        const { createUser } = await import('../../services/users.js');
        const user = await withStore(io, (store) =>
          createUser(store, localActor(), {
            email: opts.email,
            name: opts.name,
            role: opts.admin ? 'admin' : opts.role,
            password,
          }),
        );
        output(io, opts.format, user, (u) => io.stdout(`created ${u.role} ${u.email} (${u.id})\n`));
      },
    );

  users
    .command('list')
    .description('list users by email')
    .option('-l, --limit <n>', 'users per page', '100')
    .option('-c, --cursor <cursor>', 'continue from the "next" cursor of an earlier page')
    .addOption(formatOption())
    .action(async (opts: { limit: string; cursor?: string; format: OutputFormat }) => {
      const { listUsers } = await import('../../services/users.js');
      const { pageQuery } = await import('../../core/schemas.js');
      const { validate } = await import('../../core/validate.js');
      const query = validate(pageQuery, { limit: opts.limit, cursor: opts.cursor }, 'options');
      const page = await withStore(io, (store) => listUsers(store, localActor(), query));
      output(io, opts.format, page, (p) =>
        printTable(io, p.items, [
          ['email', (u) => u.email],
          ['name', (u) => u.name],
          ['role', (u) => u.role],
          ['id', (u) => u.id],
        ]),
      );
    });
}
