import fs from 'node:fs/promises';
import path from 'node:path';

export interface WalkOptions {
  /** Globs (relative to the root, `/` separators) of paths to leave out: `**` any depth, `*` within a name. */
  exclude: readonly string[];
  /** Does any extractor want this path? `installed` is true inside node_modules, vendor or a virtualenv. */
  wants(relativePath: string, installed: boolean): boolean;
  /** Read a folder; tests stand in failures here (permissions do not stop root, who runs CI). */
  readdir?: (dir: string) => Promise<import('node:fs').Dirent[]>;
}

export type WalkItem =
  | { kind: 'file'; path: string; absolute: string; size: number; installed: boolean }
  | { kind: 'problem'; path: string; code: string; message: string };

/** Folders whose content is installed third-party code: only installed-package metadata is read there. */
const INSTALLED_DIRS = new Set(['node_modules', 'vendor', 'site-packages', 'dist-packages']);
const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn', '.ospo']);

/**
 * Walk a tree depth-first in name order, yielding the files extractors want and the problems met on
 * the way (unreadable folders, symlink loops). Symlinked folders are followed once; a link back into
 * a folder already being walked is reported and not followed.
 */
export async function* walkTree(root: string, options: WalkOptions): AsyncGenerator<WalkItem> {
  const excluded = options.exclude.map(globToRegExp);
  const rootReal = await fs.realpath(root);
  yield* walkDir(root, rootReal, '', false, new Set([rootReal]), excluded, { ...options, rootReal });
}

async function* walkDir(
  absolute: string,
  /** The folder's real path: a folder that is not a link is where its parent really is. */
  realDir: string,
  relative: string,
  installed: boolean,
  ancestors: Set<string>,
  excluded: RegExp[],
  options: WalkOptions & { rootReal: string },
): AsyncGenerator<WalkItem> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await (options.readdir ?? ((dir: string) => fs.readdir(dir, { withFileTypes: true })))(
      absolute,
    );
  } catch (error) {
    yield problem(relative || '.', 'ERR_OSPO_UNREADABLE_DIR', `cannot read folder: ${errorCode(error)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const isVirtualenv = entries.some((e) => e.name === 'pyvenv.cfg' && e.isFile());
  const installedHere = installed || isVirtualenv;

  for (const entry of entries) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    if (excluded.some((re) => re.test(rel))) continue;
    const abs = path.join(absolute, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    const isLink = entry.isSymbolicLink();
    if (isLink) {
      const target = await fs.stat(abs).catch(() => null);
      if (!target) {
        yield problem(rel, 'ERR_OSPO_BROKEN_LINK', 'symbolic link to nothing');
        continue;
      }
      isDir = target.isDirectory();
      isFile = target.isFile();
    }
    if (isDir) {
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const real = isLink ? await fs.realpath(abs).catch(() => abs) : path.join(realDir, entry.name);
      if (ancestors.has(real)) {
        yield problem(
          rel,
          'ERR_OSPO_SYMLINK_LOOP',
          'symbolic link back into a folder above it; not followed',
        );
        continue;
      }
      // a link to a folder inside the scanned tree (a workspace package linked into node_modules, pnpm's
      // store layout) is walked where it really is, once, and not as installed code
      if (isLink && real.startsWith(options.rootReal + path.sep)) continue;
      const nextAncestors = new Set(ancestors).add(real);
      yield* walkDir(
        abs,
        real,
        rel,
        installedHere || INSTALLED_DIRS.has(entry.name),
        nextAncestors,
        excluded,
        options,
      );
    } else if (isFile && options.wants(rel, installedHere)) {
      const stat = await fs.stat(abs).catch(() => null);
      if (stat) yield { kind: 'file', path: rel, absolute: abs, size: stat.size, installed: installedHere };
      else yield problem(rel, 'ERR_OSPO_UNREADABLE_FILE', 'cannot stat file');
    }
  }
}

function problem(p: string, code: string, message: string): WalkItem {
  return { kind: 'problem', path: p, code, message };
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/** `**` any number of folders, `*` any run within a name, `?` one character; a bare name matches anywhere. */
export function globToRegExp(glob: string): RegExp {
  const anchored = glob.includes('/') ? glob.replace(/^\.?\//, '') : `**/${glob}`;
  let re = '';
  for (let i = 0; i < anchored.length; i++) {
    const c = anchored[i] ?? '';
    if (c === '*' && anchored[i + 1] === '*') {
      re += anchored[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += anchored[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}
