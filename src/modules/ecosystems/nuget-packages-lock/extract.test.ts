import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText, fixtures, fuzzExtractor } from '../../../../test/support/extractors.js';
import type { OspoError } from '../../../core/errors.js';
import { nugetPackagesLock } from './index.js';

const files = fixtures(path.join(import.meta.dirname, '__fixtures__'));
const run = (name: string) => extractText(nugetPackagesLock, 'packages.lock.json', files.get(name) ?? '');

describe('nuget-packages-lock', () => {
  it('matches packages.lock.json anywhere, and nothing else', () => {
    expect(nugetPackagesLock.matches('packages.lock.json')).toBe(true);
    expect(nugetPackagesLock.matches('src/Api/packages.lock.json')).toBe(true);
    expect(nugetPackagesLock.matches('packages.config')).toBe(false);
    expect(nugetPackagesLock.matches('my-packages.lock.json')).toBe(false);
  });

  it('reads v1 over several frameworks: one package per name and version, projects left out', async () => {
    const result = await run('v1-multi-target.json');
    expect(result?.packages.map((p) => [p.purl, p.direct])).toEqual([
      ['pkg:nuget/Microsoft.Extensions.Logging@6.0.0', true],
      ['pkg:nuget/Newtonsoft.Json@13.0.3', true],
      ['pkg:nuget/Microsoft.Extensions.DependencyInjection@6.0.0', false],
      ['pkg:nuget/Microsoft.Extensions.DependencyInjection.Abstractions@6.0.0', false],
      ['pkg:nuget/Microsoft.Extensions.Logging.Abstractions@6.0.0', false],
      ['pkg:nuget/Microsoft.NETCore.Platforms@1.1.0', false],
      ['pkg:nuget/runtime.native.System@4.3.0', false],
      ['pkg:nuget/Microsoft.Extensions.Logging@8.0.0', true],
      ['pkg:nuget/Microsoft.Extensions.Logging.Abstractions@8.0.0', false],
    ]);
    expect(result?.packages.every((p) => p.scope === 'unknown' && p.ecosystem === 'NuGet')).toBe(true);
    expect(result?.edges).toEqual([
      {
        from: 'pkg:nuget/Microsoft.Extensions.Logging@6.0.0',
        to: 'pkg:nuget/Microsoft.Extensions.DependencyInjection@6.0.0',
      },
      {
        from: 'pkg:nuget/Microsoft.Extensions.Logging@6.0.0',
        to: 'pkg:nuget/Microsoft.Extensions.Logging.Abstractions@6.0.0',
      },
      {
        from: 'pkg:nuget/Microsoft.Extensions.DependencyInjection@6.0.0',
        to: 'pkg:nuget/Microsoft.Extensions.DependencyInjection.Abstractions@6.0.0',
      },
      // the project, spelled two ways, is one purl; its reference in lower case finds Newtonsoft.Json
      { from: 'pkg:nuget/mycompany.shared', to: 'pkg:nuget/Newtonsoft.Json@13.0.3' },
      // the runtime section falls back to its framework's section
      { from: 'pkg:nuget/runtime.native.System@4.3.0', to: 'pkg:nuget/Microsoft.NETCore.Platforms@1.1.0' },
      {
        from: 'pkg:nuget/Microsoft.Extensions.Logging@8.0.0',
        to: 'pkg:nuget/Microsoft.Extensions.Logging.Abstractions@8.0.0',
      },
    ]);
    expect(result?.warnings).toEqual([]);
  });

  it('reads v2 with central package management: CentralTransitive is transitive', async () => {
    const result = await run('v2-central-packages.json');
    expect(result?.packages.map((p) => [p.purl, p.direct])).toEqual([
      ['pkg:nuget/Serilog.AspNetCore@8.0.1', true],
      ['pkg:nuget/xunit@2.6.6', true],
      ['pkg:nuget/Serilog.Sinks.Console@5.0.0', false],
      ['pkg:nuget/xunit.core@2.6.6', false],
      ['pkg:nuget/Serilog@3.1.1', false],
    ]);
    expect(result?.edges).toContainEqual({
      from: 'pkg:nuget/Serilog.Sinks.Console@5.0.0',
      to: 'pkg:nuget/Serilog@3.1.1',
    });
    expect(result?.edges).toContainEqual({ from: 'pkg:nuget/xunit@2.6.6', to: 'pkg:nuget/xunit.core@2.6.6' });
    expect(result?.edges).toContainEqual({ from: 'pkg:nuget/api.contracts', to: 'pkg:nuget/Serilog@3.1.1' });
    expect(result?.edges).toHaveLength(5);
    expect(result?.warnings.map((w) => w.code)).toEqual(['ERR_OSPO_UNRESOLVED_DEPENDENCY']);
  });

  it('reads a newer version as v2, and skips entries without a resolved version', async () => {
    const result = await run('future-version.json');
    expect(result?.packages.map((p) => p.purl)).toEqual(['pkg:nuget/Newtonsoft.Json@13.0.3']);
    expect(result?.warnings.map((w) => w.code)).toEqual([
      'ERR_OSPO_UNSUPPORTED_VERSION',
      'ERR_OSPO_INVALID_PACKAGE',
    ]);
  });

  it.each([
    ['not-json.json', 'ERR_OSPO_PARSE', 8],
    ['wrong-shape.json', 'ERR_OSPO_PARSE_SHAPE', undefined],
  ])('reports %s as %s', async (name, code, line) => {
    const error = (await run(name).catch((e: unknown) => e)) as OspoError & { line?: number };
    expect(error.code).toBe(code);
    if (line !== undefined) expect(error.line).toBe(line);
  });

  it('never crashes on arbitrary or mutated input', async () => {
    await fuzzExtractor(nugetPackagesLock, 'packages.lock.json', [...files.values()]);
  });
});
