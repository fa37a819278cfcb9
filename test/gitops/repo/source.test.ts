import * as fs from 'fs';
import { Git } from '../../../src/gitops/git';
import { GitTreeSource, OverlaySource, parseTreeListing, WriteRefusedError } from '../../../src/gitops/repo/source';
import { committedRepo, TEST_GIT_ENV } from '../fixture';

/** A repository with one commit holding `files` (a value `{ link }` is a symbolic link), and a git that records its synchronous calls. */
function commitOf(files: Record<string, string | { link: string }>): { git: Git; commit: string; dir: string; calls: string[][]; run: (...args: string[]) => string } {
  const { dir, commit, run } = committedRepo(files);
  const git = new Git(dir, TEST_GIT_ENV);
  const calls: string[][] = [];
  const runSync = git.runSync.bind(git);
  git.runSync = (args: readonly string[], input?: string | Buffer) => {
    calls.push([...args]);
    return runSync(args, input);
  };
  return { git, commit: `${commit}^{tree}`, dir, calls, run };
}

const fleet = {
  'platform.yaml': 'platform\n',
  'environments/dev.yaml': 'dev\n',
  'workloads/api/zave.yaml': 'service: api\n',
  'workloads/api/revisions/abc.yaml': 'service: api\n',
  'workloads/web/zave.yaml': 'service: web\n',
  'workloads/README.md': 'readme\n',
};

describe('GitTreeSource reads a commit without listing the whole fleet', () => {
  test('a shallow folder lists its entries one level deep and each workload folder only when something below it is read', () => {
    const { git, commit, dir, calls } = commitOf(fleet);
    const src = GitTreeSource.load(git, commit, ['platform.yaml'], ['workloads', 'environments']);
    expect(src.kind('workloads')).toBe('dir');
    expect(src.list('workloads')).toEqual(['README.md', 'api', 'web']);
    expect(src.kind('workloads/api')).toBe('dir');
    expect(src.kind('workloads/README.md')).toBe('file');
    const listed = calls.length;
    // Below a workload: listed on first use, once.
    expect(src.kind('workloads/api/zave.yaml')).toBe('file');
    expect(src.list('workloads/api')).toEqual(['revisions', 'zave.yaml']);
    expect(src.list('workloads/api/revisions')).toEqual(['abc.yaml']);
    // One listing of the folder and one batched read of its own small files (contract, registration).
    expect(calls.map((c) => c.slice(0, 2).join(' ')).slice(listed)).toEqual(['ls-tree -r', 'cat-file --batch']);
    expect(src.read('workloads/api/zave.yaml', 1000)).toEqual({ bytes: Buffer.from('service: api\n') });
    expect(calls.length).toBe(listed + 2);
    // The other workload was never listed, and is listed when its folder is.
    expect(src.entries.has('workloads/web/zave.yaml')).toBe(false);
    expect(src.list('workloads/web')).toEqual(['zave.yaml']);
    expect(src.list('workloads')).toEqual(['README.md', 'api', 'web']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('workload folders named up front are listed completely in the first two git processes', () => {
    const { git, commit, dir, calls } = commitOf(fleet);
    const src = GitTreeSource.load(git, commit, ['platform.yaml'], ['workloads', 'environments'], ['workloads/api', 'workloads/none']);
    expect(calls.length).toBe(2);
    expect(src.list('workloads/api/revisions')).toEqual(['abc.yaml']);
    expect(src.kind('environments/dev.yaml')).toBe('file');
    expect(src.kind('platform.yaml')).toBe('file');
    expect(calls.length).toBe(2);
    expect(src.kind('workloads/none')).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('lists in code-unit order where git orders folders otherwise (api-x/ before api/ in a tree object)', () => {
    const { git, commit, dir } = commitOf({ ...fleet, 'workloads/api-x/zave.yaml': 'service: api-x\n', 'workloads/api.b': 'file\n' });
    const src = GitTreeSource.load(git, commit, ['platform.yaml'], ['workloads', 'environments']);
    expect(src.list('workloads')).toEqual(['README.md', 'api', 'api-x', 'api.b', 'web']);
    expect(src.list('workloads/api-x')).toEqual(['zave.yaml']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a lazy folder is not listed: its entries looked up up front are known (a folder, a link, nothing), anything else lists it once', () => {
    const { git, commit, dir, calls } = commitOf({ ...fleet, 'workloads/web-db': { link: '../elsewhere' } });
    const src = GitTreeSource.load(git, commit, ['platform.yaml'], ['environments'], ['workloads/api', 'workloads/api-db', 'workloads/web-db'], ['workloads']);
    expect(calls.length).toBe(2);
    // The first listing names workloads/ itself, not its children.
    expect(calls[0]).toContain('workloads');
    expect(calls[0]).not.toContain('workloads/');
    expect(src.kind('workloads')).toBe('dir');
    expect(src.kind('workloads/api')).toBe('dir');
    expect(src.list('workloads/api/revisions')).toEqual(['abc.yaml']);
    expect(src.read('workloads/api/zave.yaml', 1000)).toEqual({ bytes: Buffer.from('service: api\n') });
    expect(src.kind('workloads/api-db')).toBeUndefined();
    expect(src.kind('workloads/web-db')).toBe('symlink');
    expect(src.kind('workloads/web-db/zave.yaml')).toBeUndefined();
    expect(calls.filter((c) => c[0] === 'ls-tree').length).toBe(2);
    // An entry not looked up lists the folder, once; the listing holds every entry once.
    expect(src.kind('workloads/web')).toBe('dir');
    expect(calls.filter((c) => c[0] === 'ls-tree').length).toBe(3);
    expect(src.list('workloads')).toEqual(['README.md', 'api', 'web', 'web-db']);
    expect(src.list('workloads/web')).toEqual(['zave.yaml']);
    expect(calls.filter((c) => c[0] === 'ls-tree').length).toBe(4);
    // list() of the lazy folder itself lists it too.
    const again = GitTreeSource.load(git, commit, ['platform.yaml'], [], ['workloads/api'], ['workloads']);
    expect(again.list('workloads')).toEqual(['README.md', 'api', 'web', 'web-db']);
    // A lazy folder that is not a folder is reported as what it is, and nothing below it exists.
    const flat = commitOf({ 'platform.yaml': 'p\n', 'workloads': 'a file\n' });
    const asFile = GitTreeSource.load(flat.git, flat.commit, ['platform.yaml'], [], ['workloads/api'], ['workloads']);
    expect(asFile.kind('workloads')).toBe('file');
    expect(asFile.kind('workloads/api')).toBeUndefined();
    expect(asFile.list('workloads')).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(flat.dir, { recursive: true, force: true });
  });

  test('reads each blob once, refuses what is not a regular file, and caps the size before reading', () => {
    const { git, commit, dir, calls } = commitOf({ ...fleet, 'workloads/evil/zave.yaml': { link: '/etc/passwd' } });
    const src = GitTreeSource.load(git, commit, ['platform.yaml'], ['workloads', 'environments']);
    const read = (rel: string, max = 1000) => src.read(rel, max);
    expect(read('workloads/api/zave.yaml')).toEqual({ bytes: Buffer.from('service: api\n') });
    const before = calls.length;
    // Same blob (the revision has identical bytes) and the same path again: no git call.
    expect(read('workloads/api/revisions/abc.yaml')).toEqual({ bytes: Buffer.from('service: api\n') });
    expect(read('workloads/api/zave.yaml')).toEqual({ bytes: Buffer.from('service: api\n') });
    expect(calls.length).toBe(before);
    expect(read('workloads/evil/zave.yaml')).toEqual({ notAFile: 'symlink' });
    expect(read('workloads/api')).toEqual({ notAFile: 'dir' });
    expect(read('workloads/none/zave.yaml')).toEqual({ notAFile: 'missing' });
    expect(read('environments/dev.yaml', 2)).toEqual({ tooLarge: 4 });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a shallow folder that is a file or a symbolic link in the commit is reported as such, not as a folder', () => {
    const asFile = commitOf({ 'platform.yaml': 'p\n', 'workloads': 'not a folder\n' });
    expect(GitTreeSource.load(asFile.git, asFile.commit, ['platform.yaml'], ['workloads']).kind('workloads')).toBe('file');
    const asLink = commitOf({ 'platform.yaml': 'p\n', 'workloads': { link: '/tmp' } });
    const src = GitTreeSource.load(asLink.git, asLink.commit, ['platform.yaml'], ['workloads']);
    expect(src.kind('workloads')).toBe('symlink');
    expect(src.list('workloads')).toEqual([]);
    // And a verb's overlay refuses to write through it.
    expect(() => new OverlaySource(src).write('workloads/x/zave.yaml', 'x')).toThrow(WriteRefusedError);
    const missing = commitOf({ 'platform.yaml': 'p\n' });
    expect(GitTreeSource.load(missing.git, missing.commit, ['platform.yaml'], ['workloads']).kind('workloads')).toBeUndefined();
    for (const r of [asFile, asLink, missing]) fs.rmSync(r.dir, { recursive: true, force: true });
  });
});

describe('parseTreeListing reads what git ls-tree -z prints', () => {
  /** The listing read field by field the plain way: split on NUL, the header on runs of spaces. */
  const reference = (out: Buffer) => new Map(out.toString('utf8').split('\0').filter((r) => r).map((r) => {
    const tab = r.indexOf('\t');
    const [mode, , oid, size] = r.slice(0, tab).split(/ +/);
    return [r.slice(tab + 1), { mode, oid, size: size === undefined || size === '-' ? 0 : Number(size) }] as const;
  }));

  test('with and without sizes, recursive, for names with spaces, tabs, unicode, links and executables', () => {
    const files: Record<string, string | { link: string }> = {
      ...fleet,
      'workloads/with space/zave.yaml': 'x\n',
      'workloads/tab\there/zave.yaml': 'y\n',
      'workloads/ünï/zave.yaml': 'z'.repeat(1234567),
      'workloads/api/link': { link: 'zave.yaml' },
    };
    const { git, commit, dir, run } = commitOf(files);
    fs.chmodSync(`${dir}/workloads/web/zave.yaml`, 0o755);
    run('add', '-A');
    run('-c', 'core.fileMode=true', 'commit', '-q', '-m', 'x');
    const head = `${run('rev-parse', 'HEAD')}^{tree}`;
    for (const tree of [commit, head]) {
      for (const args of [['-l'], [], ['-r', '-t', '-l'], ['-r']]) {
        const out = git.runSync(['ls-tree', ...args, '-z', '--full-tree', tree, '--', 'platform.yaml', 'workloads/', 'environments/']);
        const parsed = parseTreeListing(out);
        expect(parsed).toEqual(reference(out));
        expect(parsed.size).toBeGreaterThan(4);
      }
    }
    const sized = parseTreeListing(git.runSync(['ls-tree', '-r', '-l', '-z', '--full-tree', head]));
    expect(sized.get('workloads/ünï/zave.yaml')).toMatchObject({ mode: '100644', size: 1234567 });
    expect(sized.get('workloads/tab\there/zave.yaml')).toMatchObject({ size: 2 });
    expect(sized.get('workloads/api/link')?.mode).toBe('120000');
    expect(sized.get('workloads/web/zave.yaml')?.mode).toBe('100755');
    expect(parseTreeListing(git.runSync(['ls-tree', '-z', head, '--', 'workloads/'])).get('workloads/api')).toMatchObject({ mode: '040000', size: 0 });
    expect(parseTreeListing('')).toEqual(new Map());
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('Git.readObjects keeps what a commit id names, never what a ref names', () => {
  test('a name rooted at a commit id is read once per Git; a ref is read again and follows the branch', () => {
    const { git, dir, calls, run } = commitOf({ 'platform.yaml': 'one\n' });
    const first = run('rev-parse', 'HEAD');
    expect(git.readObjects([`${first}:platform.yaml`, 'main:platform.yaml']).map((o) => o?.content.toString())).toEqual(['one\n', 'one\n']);
    fs.writeFileSync(`${dir}/platform.yaml`, 'two\n');
    run('commit', '-qam', 'two');
    const before = calls.length;
    const again = git.readObjects([`${first}:platform.yaml`, 'main:platform.yaml', `${first}:missing.yaml`]);
    expect(again.map((o) => o?.content.toString())).toEqual(['one\n', 'two\n', undefined]);
    expect(calls.length).toBe(before + 1);
    // Now every name is rooted at an id and known: no process at all.
    expect(git.readObjects([`${first}:platform.yaml`, `${first}:missing.yaml`]).map((o) => o?.content.toString())).toEqual(['one\n', undefined]);
    expect(calls.length).toBe(before + 1);
    expect(calls[calls.length - 1]).toEqual(['cat-file', '--batch']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
