import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Every `ospo` command pays for what the CLI loads before it runs. zod (about 95 modules, 64-85 ms)
// and the database's modules are for the commands that need them: the built CLI, asked for its
// help, loads none of them. A module loader hook lists what it loads.
const dist = process.env.OSPO_TEST_DIST ?? path.resolve('dist');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ospokit-start-modules-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function loadedBy(args: string[]): string[] {
  const hooks = path.join(dir, 'hooks.mjs');
  fs.writeFileSync(
    hooks,
    "export async function load(url, context, next) {\n  if (url.startsWith('file:')) process.stderr.write('LOADED ' + url + '\\n');\n  return next(url, context);\n}\n",
  );
  const register = path.join(dir, 'register.mjs');
  fs.writeFileSync(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  const run = spawnSync(process.execPath, ['--import', register, path.join(dist, 'cli/main.js'), ...args], {
    encoding: 'utf8',
  });
  expect(run.status).toBe(0);
  return run.stderr
    .split('\n')
    .filter((line) => line.startsWith('LOADED '))
    .map((line) => line.slice('LOADED '.length));
}

describe('the CLI as it starts', () => {
  it('loads the program and its commands but not zod or the store', () => {
    const loaded = loadedBy(['--help']);
    expect(loaded.some((url) => url.endsWith('/cli/commands/vulns.js'))).toBe(true);
    const heavy = loaded.filter((url) =>
      /\/node_modules\/(zod|kysely|kysely-pglite-dialect|@electric-sql\/pglite|pg)\//.test(url),
    );
    expect(heavy).toEqual([]);
  });
});
