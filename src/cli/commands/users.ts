import { Argument, type Command, Option } from 'commander';
import { roles } from '../../core/vocabulary.js';
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
    .option('-s, --sort <key>', 'email, -email, name, -name, created or -created (- descends)')
    .addOption(formatOption())
    .action(async (opts: { limit: string; cursor?: string; sort?: string; format: OutputFormat }) => {
      const { listUsers } = await import('../../services/users.js');
      const { pageQuery } = await import('../../core/schemas.js');
      const { validate } = await import('../../core/validate.js');
      const query = validate(pageQuery, { limit: opts.limit, cursor: opts.cursor }, 'options');
      const page = await withStore(io, (store) =>
        listUsers(store, localActor(), { ...query, sort: opts.sort }),
      );
      output(io, opts.format, page, (p) =>
        printTable(io, p.items, [
          ['email', (u) => u.email],
          ['name', (u) => u.name],
          ['role', (u) => u.role],
          ['state', (u) => (u.disabled ? 'disabled' : 'active')],
          ['id', (u) => u.id],
        ]),
      );
    });

  users
    .command('set-role')
    .description("change a user's role")
    .argument('<email>', 'the user’s email or id')
    .addArgument(new Argument('<role>', 'the new role').choices(roles))
    .addOption(formatOption())
    .addHelpText('after', '\nExample: ospo users set-role lee@example.com ospo')
    .action(async (email: string, role: string, opts: { format: OutputFormat }) => {
      await changeUser(io, email, { role }, opts.format, (u) => `${u.email} is now ${u.role}`);
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    users
      .command(name)
      .description(
        disabled
          ? 'stop a user from signing in: ends their sessions and revokes their API tokens'
          : 'let a disabled user sign in again (revoked tokens stay revoked)',
      )
      .argument('<email>', 'the user’s email or id')
      .addOption(formatOption())
      .action(async (email: string, opts: { format: OutputFormat }) => {
        await changeUser(io, email, { disabled }, opts.format, (u) => `${name}d ${u.email}`);
      });
  }
}

async function changeUser(
  io: CliIO,
  ref: string,
  changes: Record<string, unknown>,
  format: OutputFormat,
  say: (user: { email: string; role: string }) => string,
): Promise<void> {
  const { updateUser } = await import('../../services/users.js');
  const user = await withStore(io, (store) => updateUser(store, localActor(), ref, changes));
  output(io, format, user, (u) => io.stdout(`${say(u)}\n`));
}
