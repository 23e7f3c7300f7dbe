import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser's modules, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));
const loadGemfile = onFirstUse(() => import('./gemfile.js'));

const lockNames: Record<string, string> = { 'Gemfile.lock': 'Gemfile', 'gems.locked': 'gems.rb' };

export const gemfileLock = {
  id: 'gemfile-lock',
  version: 1,
  ecosystem: 'RubyGems',
  matches: (path) => Object.hasOwn(lockNames, path.split('/').at(-1) ?? ''),
  extract: async (input) => {
    const base = input.path.split('/').at(-1) ?? '';
    const dir = input.path.slice(0, input.path.length - base.length);
    const gemfile = await input.readFile(`${dir}${lockNames[base] ?? 'Gemfile'}`);
    return (await loadExtract()).extractGemfileLock(
      input.content,
      input.path,
      gemfile === null ? null : (await loadGemfile()).readGemfileGroups(gemfile),
    );
  },
} satisfies Extractor;
