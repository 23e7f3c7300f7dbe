import fs from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { InputError } from '../../core/errors.js';
import { packageVersion } from '../../core/version.js';
import type { CliIO } from '../io.js';

export function sbomCommand(program: Command, io: CliIO): void {
  const sbom = program.command('sbom').description('software bills of materials: CycloneDX and SPDX');

  sbom
    .command('convert <input>')
    .description('read an SBOM in any supported format and write it in another')
    .addOption(
      new Option('-f, --format <format>', 'format to write')
        .choices(['cyclonedx', 'spdx', 'spdx3'])
        .makeOptionMandatory(),
    )
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .option('--spec-version <version>', 'CycloneDX spec version to write: 1.6 (default) or 1.7')
    .addHelpText(
      'after',
      '\nReads CycloneDX JSON and XML (1.2 to 1.7), SPDX 2.2/2.3 JSON and tag-value, and SPDX 3.0.1 JSON-LD.\n' +
        'Every package, purl, license and dependency edge is carried over.\n' +
        '\nExample: ospo sbom convert bom.cdx.json --format spdx -o bom.spdx.json',
    )
    .action(
      async (
        input: string,
        opts: { format: 'cyclonedx' | 'spdx' | 'spdx3'; output?: string; specVersion?: string },
      ) => {
        const [{ readSbom, writeSbom }, { sbomFormats }] = await Promise.all([
          import('../../services/inventory/sbom.js'),
          import('../../modules/sbom/index.js'),
        ]);
        let content: string;
        try {
          content = await fs.readFile(input, 'utf8');
        } catch (error) {
          throw new InputError(
            'ERR_OSPO_NOT_FOUND',
            `cannot read ${input}: ${(error as NodeJS.ErrnoException).code}`,
            {
              hint: 'Check the path.',
            },
          );
        }
        const inventory = readSbom(sbomFormats, content, input);
        const text = writeSbom(sbomFormats, opts.format, inventory, {
          toolVersion: packageVersion(),
          specVersion: opts.specVersion,
        });
        if (opts.output) await fs.writeFile(opts.output, `${text}\n`);
        else io.stdout(`${text}\n`);
        io.stderr(
          `converted ${inventory.packages.length} packages and ${inventory.dependencies.length} dependency edges` +
            `${opts.output ? ` to ${opts.output}` : ''}\n`,
        );
      },
    );
}
