import * as fs from 'fs';
import * as path from 'path';
import { cleanup, synthService, tempDir } from './support/tenant-fixtures';
import { Runtime } from '../../src/contract/enums';
import { ZaveGitOpsProject } from '../../src/projects/gitops-project';
import { ZaveServiceProject } from '../../src/projects/service/zave-service-project';

describe('NoLinksGuard: npx projen never writes through a committed link', () => {
  let root: string;
  let outside: string;
  beforeEach(() => {
    root = tempDir('no-links');
    outside = path.join(root, 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'victim.txt'), 'SAFE\n');
  });
  afterEach(() => cleanup(root));

  const untouched = () => {
    expect(fs.readdirSync(outside)).toEqual(['victim.txt']);
    expect(fs.readFileSync(path.join(outside, 'victim.txt'), 'utf8')).toBe('SAFE\n');
  };

  test.each([
    ['a generated file', 'Dockerfile', () => path.join(outside, 'victim.txt')],
    ['a folder of generated files', '.github', () => outside],
    ['a sample file the tenant owns (a dangling link: the file looks absent)', 'src/server.js', () => path.join(outside, 'new.js')],
    ['package.json (merged with the tenant\'s own)', 'package.json', () => path.join(outside, 'victim.txt')],
  ])('tenant repository, %s linked outside: synth throws naming it and writes nothing', (_what, linked, target) => {
    const dir = path.join(root, 'tenant');
    synthService({ service: 'orders', runtime: Runtime.NODE }, dir);
    const before = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    fs.rmSync(path.join(dir, linked), { recursive: true, force: true });
    fs.mkdirSync(path.dirname(path.join(dir, linked)), { recursive: true });
    fs.symlinkSync(target(), path.join(dir, linked));
    fs.chmodSync(path.join(dir, 'README.md'), 0o644);
    fs.writeFileSync(path.join(dir, 'README.md'), 'edited\n');
    expect(() => new ZaveServiceProject({ outdir: dir }).synth()).toThrow(`${linked} is a symbolic link (to ${target()})`);
    untouched();
    // Checked before anything was written: the edited README is still the edit.
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('edited\n');
    expect(before).not.toBe('edited\n');
  });

  test('GitOps repository, its CI workflow linked outside: synth throws naming it and writes nothing', () => {
    const dir = path.join(root, 'gitops');
    fs.mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
    fs.symlinkSync(path.join(outside, 'victim.txt'), path.join(dir, '.github', 'workflows', 'gitops.yml'));
    expect(() => new ZaveGitOpsProject({ outdir: dir }).synth()).toThrow('.github/workflows/gitops.yml is a symbolic link');
    untouched();
    expect(fs.existsSync(path.join(dir, 'platform.yaml'))).toBe(false);
  });
});
