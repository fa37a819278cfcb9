import * as fs from 'fs';
import * as path from 'path';
import { linkOnTheWay } from '../../src/common/linked-paths';
import { cleanup, tempDir } from '../projects/support/tenant-fixtures';

describe('linkOnTheWay', () => {
  let root: string;
  beforeEach(() => { root = tempDir('links'); });
  afterEach(() => cleanup(root));

  test('finds a linked file, a linked folder on the way, and a dangling link; regular paths and missing ones are fine', () => {
    fs.mkdirSync(path.join(root, 'repo', '.github', 'workflows'), { recursive: true });
    fs.writeFileSync(path.join(root, 'repo', 'Dockerfile'), 'FROM scratch\n');
    const repo = path.join(root, 'repo');
    expect(linkOnTheWay(repo, ['Dockerfile', '.github/workflows/ci.yml', 'src/missing/deep.ts'])).toBeUndefined();
    fs.symlinkSync('/nonexistent/target', path.join(repo, 'README.md'));
    expect(linkOnTheWay(repo, ['Dockerfile', 'README.md'])).toEqual({ path: 'README.md', target: '/nonexistent/target' });
    fs.rmSync(path.join(repo, '.github'), { recursive: true });
    fs.mkdirSync(path.join(root, 'elsewhere'));
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(repo, '.github'));
    expect(linkOnTheWay(repo, ['.github/workflows/ci.yml', 'Dockerfile'])).toEqual({ path: '.github', target: path.join(root, 'elsewhere') });
  });
});
