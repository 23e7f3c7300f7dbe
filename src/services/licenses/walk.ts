import fs from 'node:fs';
import path from 'node:path';

/** Folders never walked: version control and installed dependencies are not the project's own files. */
const SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', '.ospo']);

export interface WalkedFile {
  /** Relative to the root, `/` separators. */
  path: string;
  absolute: string;
}

export interface WalkProblem {
  path: string;
  code: string;
  message: string;
}

/**
 * Every file under root, depth first in name order. Synchronous on purpose: the tree is read once
 * and a synchronous readdir is the fastest way through thousands of small folders. Symbolic links to
 * files are followed; links to folders are not (no loops to guard against).
 */
export function walkFiles(root: string, problems: WalkProblem[]): WalkedFile[] {
  const out: WalkedFile[] = [];
  const visit = (absolute: string, relative: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(absolute, { withFileTypes: true });
    } catch (error) {
      problems.push({
        path: relative || '.',
        code: 'ERR_OSPO_UNREADABLE_DIR',
        message: `cannot read folder: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = path.join(absolute, entry.name);
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) visit(abs, rel);
      } else if (entry.isFile()) {
        out.push({ path: rel, absolute: abs });
      } else if (entry.isSymbolicLink() && linksToFile(abs)) {
        out.push({ path: rel, absolute: abs });
      }
    }
  };
  visit(root, '');
  return out;
}

function linksToFile(absolute: string): boolean {
  try {
    return fs.statSync(absolute, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}
