import type { Extractor } from '../../../core/inventory.js';
import { extractGemfileLock } from './extract.js';
import { readGemfileGroups } from './gemfile.js';

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
    return extractGemfileLock(
      input.content,
      input.path,
      gemfile === null ? null : readGemfileGroups(gemfile),
    );
  },
} satisfies Extractor;
