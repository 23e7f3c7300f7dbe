import fs from 'node:fs/promises';
import path from 'node:path';

export interface VcsInfo {
  commit: string | null;
  branch: string | null;
}

/**
 * The commit and branch of the git checkout holding `dir`, read from .git without running git: HEAD,
 * then the loose ref or packed-refs. Worktrees and submodules (`.git` as a file) are followed.
 */
export async function gitInfo(dir: string): Promise<VcsInfo> {
  const gitDir = await findGitDir(path.resolve(dir));
  if (!gitDir) return { commit: null, branch: null };
  const head = (await read(path.join(gitDir, 'HEAD')))?.trim();
  if (!head) return { commit: null, branch: null };
  const ref = /^ref: (refs\/\S+)$/.exec(head)?.[1];
  if (!ref) return { commit: /^[0-9a-f]{40,64}$/.test(head) ? head : null, branch: null };
  const branch = ref.replace(/^refs\/heads\//, '');
  const commonDir = (await read(path.join(gitDir, 'commondir')))?.trim();
  const refRoot = commonDir ? path.resolve(gitDir, commonDir) : gitDir;
  const loose = (await read(path.join(refRoot, ref)))?.trim();
  if (loose) return { commit: loose, branch };
  const packed = await read(path.join(refRoot, 'packed-refs'));
  const line = packed?.split('\n').find((l) => l.endsWith(` ${ref}`));
  return { commit: line?.split(' ')[0] ?? null, branch };
}

async function findGitDir(start: string): Promise<string | null> {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, '.git');
    const stat = await fs.stat(candidate).catch(() => null);
    if (stat?.isDirectory()) return candidate;
    if (stat?.isFile()) {
      const pointer = /^gitdir: (.+)$/m.exec((await read(candidate)) ?? '')?.[1]?.trim();
      return pointer ? path.resolve(dir, pointer) : null;
    }
    if (path.dirname(dir) === dir) return null;
  }
}

async function read(file: string): Promise<string | null> {
  return fs.readFile(file, 'utf8').catch(() => null);
}
