import { type Command, Option } from 'commander';
import type { Project } from '../../core/schemas.js';
import { distributions, lifecycles, openSourceRelations } from '../../core/vocabulary.js';
import { localActor, withStore } from '../context.js';
import { formatOption, type OutputFormat, output, printTable } from '../format.js';
import type { CliIO } from '../io.js';

export function projectsCommand(program: Command, io: CliIO): void {
  const projects = program.command('projects').description('the catalogue of projects the OSPO looks after');

  projects
    .command('list')
    .description('list projects by name')
    .option('-l, --limit <n>', 'projects per page', '100')
    .option('-c, --cursor <cursor>', 'continue from the "next" cursor of an earlier page')
    .option('-s, --sort <key>', 'name, -name, created, -created, scanned or -scanned (- descends)')
    .addOption(formatOption())
    .action(async (opts: { limit: string; cursor?: string; sort?: string; format: OutputFormat }) => {
      const { listProjects } = await import('../../services/projects.js');
      const { pageQuery } = await import('../../core/schemas.js');
      const { validate } = await import('../../core/validate.js');
      const query = validate(pageQuery, { limit: opts.limit, cursor: opts.cursor }, 'options');
      const page = await withStore(io, (store) =>
        listProjects(store, localActor(), { ...query, sort: opts.sort }),
      );
      output(io, opts.format, page, (p) => {
        if (p.items.length === 0) {
          io.stdout('No projects yet. Add one: ospo projects create NAME\n');
          return;
        }
        printProjects(io, p.items);
        const sorted = opts.sort ? ` --sort=${opts.sort}` : '';
        if (p.next) io.stdout(`more: ospo projects list${sorted} --cursor ${p.next}\n`);
      });
    });

  projects
    .command('create <name>')
    .description('add a project to the catalogue')
    .option('-d, --description <text>', 'what the project is')
    .option('-t, --owner-team <id>', 'id of the owning team')
    .addOption(new Option('--lifecycle <stage>', 'lifecycle stage').choices(lifecycles).default('production'))
    .addOption(
      new Option('--relation <relation>', 'how the project relates to open source')
        .choices(openSourceRelations)
        .default('uses'),
    )
    .addOption(
      new Option(
        '--distribution <context>',
        "how the project's code reaches others (license verdicts depend on it)",
      ).choices(distributions),
    )
    .addOption(formatOption())
    .action(
      async (
        name: string,
        opts: {
          description?: string;
          ownerTeam?: string;
          lifecycle: string;
          relation: string;
          distribution?: string;
          format: OutputFormat;
        },
      ) => {
        const { createProject } = await import('../../services/projects.js');
        const created = await withStore(io, (store) =>
          createProject(store, localActor(), {
            name,
            description: opts.description,
            ownerTeamId: opts.ownerTeam,
            lifecycle: opts.lifecycle,
            relation: opts.relation,
            distribution: opts.distribution,
          }),
        );
        output(io, opts.format, created, (p) => io.stdout(`created project ${p.name} (${p.id})\n`));
      },
    );
}

function printProjects(io: CliIO, items: Project[]): void {
  printTable(io, items, [
    ['name', (p) => p.name],
    ['lifecycle', (p) => p.lifecycle],
    ['relation', (p) => p.relation],
    ['description', (p) => p.description],
    ['id', (p) => p.id],
  ]);
}
