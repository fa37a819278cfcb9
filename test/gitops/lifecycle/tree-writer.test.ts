import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { Git } from '../../../src/gitops/git';
import { TreeEdit, writeTree } from '../../../src/gitops/lifecycle/tree-writer';
import { committedRepo, TEST_GIT_ENV } from '../fixture';

/** What git's own index writes for the same edits (deletions first, then writes): the reference. */
function referenceTree(repo: ReturnType<typeof committedRepo>, prefix: string, edits: readonly TreeEdit[]): string {
  const index = path.join(repo.dir, '.git', 'ref-index');
  const withIndex = (args: string[], input = '') => execFileSync('git', args, { cwd: repo.dir, env: { ...TEST_GIT_ENV, GIT_INDEX_FILE: index }, input }).toString().trim();
  withIndex(['read-tree', repo.commit]);
  const full = (p: string) => (prefix ? `${prefix}/${p}` : p);
  for (const e of edits.filter((x) => x.content === null)) withIndex(['rm', '-r', '-q', '-f', '--cached', '--ignore-unmatch', '--', full(e.path)]);
  for (const e of edits.filter((x) => x.content !== null)) {
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: repo.dir, env: TEST_GIT_ENV, input: e.content! }).toString().trim();
    // A file where a folder (or a folder where a file) was: git's index replaces it, as a tree write does.
    withIndex(['rm', '-r', '-q', '-f', '--cached', '--ignore-unmatch', '--', full(e.path)]);
    withIndex(['update-index', '--add', '--replace', '--cacheinfo', `100644,${blob},${full(e.path)}`]);
  }
  return withIndex(['write-tree']);
}

const base = {
  'platform.yaml': 'platform\n',
  'environments/dev.yaml': 'dev\n',
  'workloads/api/zave.yaml': 'service: api\n',
  'workloads/api/revisions/a.yaml': 'a\n',
  'workloads/api-db/zave.yaml': 'service: api-db\n',
  'workloads/api.x/zave.yaml': 'dotted\n',
  'deploy/dev/api.yaml': 'api\n',
  'deploy/dev/api.namespace.yaml': 'ns\n',
  'deploy/dev-eu/api.yaml': 'api eu\n',
  'deploy/applications/dev/kustomization.yaml': 'k\n',
};

describe('writeTree builds the same tree git\'s own index writes, reading only the folders it changes', () => {
  test('for random edits: files written, replaced, deleted, folders deleted and written again, new folders, names that sort around a folder', () => {
    const paths = ['platform.yaml', 'environments/dev.yaml', 'environments/prod.yaml', 'workloads/api', 'workloads/api/zave.yaml', 'workloads/api/revisions/b.yaml',
      'workloads/api-db/zave.yaml', 'workloads/api.x/zave.yaml', 'workloads/api0/zave.yaml', 'deploy/dev/api.yaml', 'deploy/dev', 'deploy/dev-eu/api.yaml',
      'deploy/applications/dev/x.yaml', 'deploy/new/deep/file.yaml', 'README.md'];
    const edit = fc.record({ path: fc.constantFrom(...paths), content: fc.option(fc.constantFrom('a\n', 'b\n', ''), { nil: null }) })
      .map((e) => ({ path: e.path, content: e.content === null ? null : Buffer.from(e.content) }));
    const repo = committedRepo(base);
    const git = new Git(repo.dir, TEST_GIT_ENV);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-tree-scratch-'));
    return fc.assert(fc.asyncProperty(fc.uniqueArray(edit, { selector: (e) => e.path, maxLength: 5 }), async (edits) => {
      // One edit per path; a file under a deleted folder is written after the deletion, as a verb's edits are.
      const tree = await writeTree(git, repo.commit, '', edits, scratch, 'sha1');
      expect(tree).toBe(referenceTree(repo, '', edits));
      expect(repo.run('cat-file', '-t', tree)).toBe('tree');
    }), { numRuns: 60 }).finally(() => {
      fs.rmSync(repo.dir, { recursive: true, force: true });
      fs.rmSync(scratch, { recursive: true, force: true });
    });
  }, 120_000);

  test('a base folder out of git\'s order (which git never writes) is sorted whole, not merged into', async () => {
    const repo = committedRepo({ 'platform.yaml': 'p\n' });
    const git = (args: string[], input?: string | Buffer) => execFileSync('git', args, { cwd: repo.dir, env: TEST_GIT_ENV, input }).toString().trim();
    const blob = (text: string) => git(['hash-object', '-w', '--stdin'], text);
    const [a, b, c] = ['a\n', 'b\n', 'c\n'].map(blob);
    const entry = (name: string, oid: string) => Buffer.concat([Buffer.from(`100644 ${name}\0`), Buffer.from(oid, 'hex')]);
    const unsorted = git(['hash-object', '-w', '--literally', '-t', 'tree', '--stdin'], Buffer.concat([entry('b.yaml', b), entry('a.yaml', a)]));
    const deploy = git(['mktree'], `040000 tree ${unsorted}\tdev\n`);
    const root = git(['mktree'], `040000 tree ${deploy}\tdeploy\n`);
    const commit = git(['commit-tree', root, '-m', 'unsorted']);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-tree-scratch-'));
    try {
      const tree = await writeTree(new Git(repo.dir, TEST_GIT_ENV), commit, '', [{ path: 'deploy/dev/c.yaml', content: Buffer.from('c\n') }], scratch, 'sha1');
      const dev = git(['mktree'], [`100644 blob ${b}\tb.yaml`, `100644 blob ${c}\tc.yaml`, `100644 blob ${a}\ta.yaml`].join('\n') + '\n');
      expect(tree).toBe(git(['mktree'], `040000 tree ${git(['mktree'], `040000 tree ${dev}\tdev\n`)}\tdeploy\n`));
      expect(git(['ls-tree', '--name-only', `${tree}:deploy/dev`]).split('\n')).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
    } finally {
      fs.rmSync(repo.dir, { recursive: true, force: true });
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  test('inside a GitOps folder of a larger repository, and in a sha256 repository', async () => {
    for (const format of ['sha1', 'sha256'] as const) {
      const files: Record<string, string> = { 'src/app.ts': 'app\n' };
      for (const [p, c] of Object.entries(base)) files[`gitops/${p}`] = c;
      const repo = committedRepo(files, format);
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-tree-scratch-'));
      const edits: TreeEdit[] = [
        { path: 'workloads/api', content: null },
        { path: 'deploy/dev/api.yaml', content: null },
        { path: 'environments/dev.yaml', content: Buffer.from('dev 2\n') },
        { path: 'workloads/web/zave.yaml', content: Buffer.from('service: web\n') },
      ];
      const tree = await writeTree(new Git(repo.dir, TEST_GIT_ENV), repo.commit, 'gitops', edits, scratch, format);
      expect(tree).toBe(referenceTree(repo, 'gitops', edits));
      expect(repo.run('ls-tree', '-r', '--name-only', tree)).toContain('src/app.ts');
      expect(repo.run('ls-tree', '-r', '--name-only', tree)).not.toContain('gitops/workloads/api/zave.yaml');
      fs.rmSync(repo.dir, { recursive: true, force: true });
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
