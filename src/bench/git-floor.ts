import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GitFloorFigure, median } from './stats';
import { Git, gitEnvironment } from '../gitops/git';

/** What git itself must do to make one commit on the layout it was made on, timed. */
export interface GitFloor {
  /** Wall time of the three git processes below, milliseconds. */
  readonly ms: number;
  /** Bytes of the objects the commit replaces (read). */
  readonly readBytes: number;
  /** Bytes of the objects it writes. */
  readonly writtenBytes: number;
  /** Objects written (blobs and trees, the root tree included). */
  readonly objects: number;
}

/** One object of a commit's change, as `git diff-tree -r -t` names it. */
interface ChangedObject {
  readonly oldId?: string;
  readonly newId?: string;
  readonly newType?: 'blob' | 'tree';
}

const ZERO = /^0+$/;

/** The objects `commit` changes against its first parent: every changed blob and folder, and the root tree. */
function changedObjects(git: Git, commit: string): ChangedObject[] {
  const out = git.runSync(['diff-tree', '-r', '-t', '-z', '--no-commit-id', `${commit}^`, commit]).toString('latin1').split('\0');
  const changed: ChangedObject[] = [];
  // `:<old mode> <new mode> <old id> <new id> <status>` then the path, each ended by NUL.
  for (let i = 0; i + 1 < out.length; i += 2) {
    const [, newMode, oldId, newId] = out[i].slice(1).split(' ');
    if (newMode === '160000') continue;
    changed.push({
      ...(ZERO.test(oldId) ? {} : { oldId }),
      ...(ZERO.test(newId) ? {} : { newId, newType: newMode === '040000' ? 'tree' as const : 'blob' as const }),
    });
  }
  const [oldRoot, newRoot] = git.textSync(['rev-parse', `${commit}^^{tree}`, `${commit}^{tree}`]).split('\n');
  changed.push({ oldId: oldRoot, newId: newRoot, newType: 'tree' });
  return changed;
}

/** The contents of these objects, in order (each must exist). */
function contents(git: Git, ids: readonly string[]): Buffer[] {
  return git.readObjects(ids).map((o, i) => {
    if (!o) throw new Error(`git has no object ${ids[i]}`);
    return o.content;
  });
}

/**
 * The git floor of `commit` in `repo`: the least any git client does to make that commit on this
 * repository's layout, whoever computes its content. Its objects are extracted first (untimed); then
 * three git processes are timed: one `cat-file --batch` reading the objects the commit replaces (a
 * client must read a folder to change one entry of it), and one `hash-object -w` for the new blobs
 * and one for the new trees, written loose with the compression the verbs use, into an empty object
 * store (so each is written, not found). A folder listing every workload costs bytes in N here, for
 * any client: what a verb spends beyond this is zave's own. The extracted objects live in a
 * temporary folder under `scratch`, removed before it returns.
 */
export function gitFloor(repo: string, commit: string, env: NodeJS.ProcessEnv, scratch = os.tmpdir()): GitFloor {
  const policy = gitEnvironment(env);
  const changed = changedObjects(new Git(repo, policy), commit);
  const oldIds = changed.flatMap((c) => (c.oldId && c.oldId !== c.newId ? [c.oldId] : []));
  const fresh = changed.filter((c): c is Required<Pick<ChangedObject, 'newId' | 'newType'>> & ChangedObject => c.newId !== undefined && c.newId !== c.oldId);
  const dir = fs.mkdtempSync(path.join(scratch, 'zave-git-floor-'));
  try {
    const written = contents(new Git(repo, policy), fresh.map((c) => c.newId));
    const files: Record<'blob' | 'tree', string[]> = { blob: [], tree: [] };
    written.forEach((bytes, i) => {
      const file = path.join(dir, `${i}`);
      fs.writeFileSync(file, bytes);
      files[fresh[i].newType].push(file);
    });
    const store = path.join(dir, 'objects');
    fs.mkdirSync(store);
    // A fresh runner for the timed read (no object it read before), and one writing into the empty store.
    const reader = new Git(repo, policy);
    const writer = new Git(repo, { ...policy, GIT_OBJECT_DIRECTORY: store });
    const start = process.hrtime.bigint();
    const read = contents(reader, oldIds);
    for (const type of ['blob', 'tree'] as const) {
      if (files[type].length > 0) writer.runSync(['-c', 'core.looseCompression=1', 'hash-object', '-w', '--no-filters', '-t', type, '--stdin-paths'], `${files[type].join('\n')}\n`);
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return {
      ms,
      readBytes: read.reduce((s, b) => s + b.length, 0),
      writtenBytes: written.reduce((s, b) => s + b.length, 0),
      objects: written.length,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The zave/* branch tips of `repo`, by branch (to tell which one a verb moved). */
export function zaveBranchTips(repo: string, env: NodeJS.ProcessEnv): Map<string, string> {
  const out = Git.withEnvironment(repo, env).textSync(['for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads/zave/']);
  return new Map(out.split('\n').filter(Boolean).map((l) => l.split(' ') as [string, string]));
}

/** The git floors of a verb's runs as one figure (medians), or undefined when no run made a commit. */
export function floorFigure(floors: readonly GitFloor[]): GitFloorFigure | undefined {
  if (floors.length === 0) return undefined;
  return {
    medianMs: median(floors.map((f) => f.ms)),
    samplesMs: floors.map((f) => f.ms),
    readBytes: median(floors.map((f) => f.readBytes)),
    writtenBytes: median(floors.map((f) => f.writtenBytes)),
  };
}
