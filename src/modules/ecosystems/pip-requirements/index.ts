import type { Extractor } from '../../../core/inventory.js';
import { onFirstUse } from '../../../core/lazy.js';

/** The parser, loaded with the first file of this format a scan finds. */
const loadExtract = onFirstUse(() => import('./extract.js'));

/** `requirements*.txt`, `*-requirements.txt`, and any `.txt` in a folder named `requirements`. */
function isRequirementsFile(path: string): boolean {
  const parts = path.split('/');
  const base = parts[parts.length - 1] ?? '';
  if (!base.endsWith('.txt')) return false;
  return (
    base.startsWith('requirements') ||
    base.endsWith('-requirements.txt') ||
    parts[parts.length - 2] === 'requirements'
  );
}

export const pipRequirements = {
  id: 'pip-requirements',
  version: 1,
  ecosystem: 'PyPI',
  matches: isRequirementsFile,
  extract: async (input) =>
    (await loadExtract()).extractPipRequirements(input.content, input.path, input.readFile),
} satisfies Extractor;
