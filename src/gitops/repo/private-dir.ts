import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

function gitDirOf(dotGit: string): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dotGit);
  } catch {
    return undefined;
  }
  if (st.isDirectory()) return dotGit;
  if (!st.isFile() || st.size > 4096) return undefined;
  // A worktree or submodule: `.git` is a file `gitdir: <path>`.
  const m = /^gitdir: (.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'));
  if (!m) return undefined;
  const dir = path.resolve(path.dirname(dotGit), m[1].trim());
  return fs.existsSync(dir) ? dir : undefined;
}

/**
 * The folder where zave keeps what is private to one machine for a GitOps root (synth cache, the
 * transaction journal and staging area, locks): `<git dir>/zave/<root key>/`, never inside the
 * committed tree, so nothing a pull request carries can steer zave's own file operations. A root
 * outside any git repository uses a folder of the system temp area keyed by its real path. Created on demand.
 */
export function privateStateDir(root: string): string {
  const real = fs.realpathSync(root);
  for (let dir = real; ; dir = path.dirname(dir)) {
    const gitDir = gitDirOf(path.join(dir, '.git'));
    if (gitDir) {
      const rel = path.relative(dir, real).split(path.sep).join('/');
      const key = rel === '' ? 'root' : createHash('sha256').update(rel).digest('hex').slice(0, 16);
      return ensure(path.join(gitDir, 'zave', key));
    }
    if (path.dirname(dir) === dir) break;
  }
  // Outside git: a folder of the system temp area keyed by the root's real path (nothing beside the root).
  return ensure(path.join(os.tmpdir(), 'zave-state', createHash('sha256').update(real).digest('hex').slice(0, 24)));
}

function ensure(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
