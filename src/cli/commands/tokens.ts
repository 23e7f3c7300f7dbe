import type { Command } from 'commander';
import type { ApiToken } from '../../core/tokens.js';
import { localActor, withStore } from '../context.js';
import { formatOption, type OutputFormat, output, printTable } from '../format.js';
import type { CliIO } from '../io.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** `ospo tokens create|list|revoke`: API tokens for CI, managed by the local operator. */
export function tokensCommand(program: Command, io: CliIO): void {
  const tokens = program
    .command('tokens')
    .description('API tokens for CI and scripts: `Authorization: Bearer ospo_…`');

  tokens
    .command('create')
    .description("create a user's or a team's token and print its secret, this once")
    .option('-u, --user <email>', 'the user the token acts as')
    .option('-t, --team <name>', 'the team the token belongs to (acts with a member’s rights)')
    .requiredOption('-n, --name <name>', 'what the token is for, e.g. "shop CI"')
    .option('-s, --scope <scope>', 'read, scan:write, triage or admin; repeat for more', collect, [])
    .option('-e, --expires <when>', '30d, a date (2027-01-01, valid through that day, UTC), or never', '90d')
    .addOption(formatOption())
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  ospo tokens create --team shop --name "shop CI" --scope scan:write --expires 180d\n' +
        '  ospo tokens create --user ada@example.org --name laptop --scope read --scope triage',
    )
    .action(
      async (opts: {
        user?: string;
        team?: string;
        name: string;
        scope: string[];
        expires: string;
        format: OutputFormat;
      }) => {
        const { createToken } = await import('../../services/tokens.js');
        const created = await withStore(io, (store) =>
          createToken(store, localActor(), {
            name: opts.name,
            scopes: opts.scope.length > 0 ? opts.scope : ['read'],
            expires: opts.expires,
            ...(opts.user === undefined ? {} : { user: opts.user }),
            ...(opts.team === undefined ? {} : { team: opts.team }),
          }),
        );
        output(io, opts.format, created, (t) => {
          io.stdout(`${t.secret}\n`);
          io.stderr(
            `created token ${t.id} "${t.name}" for ${ownerLabel(t)}: ${t.scopes.join(', ')}, ` +
              `${t.expiresAt ? `expires ${t.expiresAt}` : 'never expires'}\n` +
              'Store the secret above now (a CI secret, a password manager): it is not shown again.\n',
          );
        });
      },
    );

  tokens
    .command('list')
    .description('every token, newest first (secrets are not stored, so never shown)')
    .option('--include-revoked', 'also list revoked tokens')
    .option('-l, --limit <n>', 'tokens per page', '100')
    .option('-c, --cursor <cursor>', 'continue from the "next" cursor of an earlier page')
    .addOption(formatOption())
    .action(
      async (opts: { includeRevoked?: boolean; limit: string; cursor?: string; format: OutputFormat }) => {
        const { listTokens } = await import('../../services/tokens.js');
        const { pageQuery } = await import('../../core/schemas.js');
        const { validate } = await import('../../core/validate.js');
        const query = validate(pageQuery, { limit: opts.limit, cursor: opts.cursor }, 'options');
        const page = await withStore(io, (store) =>
          listTokens(store, localActor(), { ...query, includeRevoked: opts.includeRevoked === true }),
        );
        output(io, opts.format, page, (p) => {
          if (p.items.length === 0) {
            io.stdout('No tokens. Create one: ospo tokens create --user EMAIL --name NAME --scope read\n');
            return;
          }
          printTokens(io, p.items);
          if (p.next) io.stdout(`more: ospo tokens list --cursor ${p.next}\n`);
        });
      },
    );

  tokens
    .command('revoke <id>')
    .description('revoke a token at once; requests with it fail from now on')
    .addOption(formatOption())
    .action(async (id: string, opts: { format: OutputFormat }) => {
      const { revokeToken } = await import('../../services/tokens.js');
      const revoked = await withStore(io, (store) => revokeToken(store, localActor(), id));
      output(io, opts.format, revoked, (t) => io.stdout(`revoked token ${t.id} "${t.name}"\n`));
    });
}

function printTokens(io: CliIO, items: ApiToken[]): void {
  printTable(io, items, [
    ['id', (t) => t.id],
    ['name', (t) => t.name],
    ['prefix', (t) => `${t.prefix}…`],
    ['owner', ownerLabel],
    ['scopes', (t) => t.scopes.join(',')],
    ['state', (t) => t.state],
    ['expires', (t) => t.expiresAt ?? 'never'],
    ['last used', (t) => t.lastUsedAt],
  ]);
}

function ownerLabel(token: ApiToken): string {
  return token.owner.kind === 'user' ? token.owner.email : `team ${token.owner.name}`;
}
