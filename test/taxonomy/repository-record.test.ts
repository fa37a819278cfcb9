import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { RepositoryKind, RepositoryTaxonomy } from '../../src';
import { buildRepositoryRecord, serializeRepositoryRecord, sha256Hex } from '../../src/taxonomy';
import { cleanup, tempDir } from '../projects/support/tenant-fixtures';

describe('repository kinds', () => {
  test('the three kinds with machine-readable semantics; none holds cluster credentials', () => {
    expect(RepositoryTaxonomy.kinds()).toEqual(['service', 'gitops', 'platform-workflows']);
    const service = RepositoryTaxonomy.semantics(RepositoryKind.SERVICE);
    expect(service).toMatchObject({ kind: 'service', boundToContract: true, ownedFiles: ['zave.yaml'], holdsClusterCredentials: false });
    expect(RepositoryTaxonomy.semantics(RepositoryKind.GITOPS).boundToContract).toBe(false);
    for (const kind of RepositoryTaxonomy.kinds()) expect(RepositoryTaxonomy.semantics(kind).holdsClusterCredentials).toBe(false);
  });
});

describe('.zave/repository.json', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('record');
  });
  afterEach(() => cleanup(dir));

  const write = (files: Record<string, string>) => {
    for (const [p, c] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), c);
    }
  };

  test('serializes with sorted keys, files sorted by path, two-space JSON and a trailing newline', () => {
    const record = buildRepositoryRecord({ kind: RepositoryKind.SERVICE, service: 'payments-api', contract: 'zave.yaml', strategy: 'http-service', platformVersion: '1.2.3', onboardedBy: 'zave init' },
      { 'b.txt': 'b', 'a.txt': 'a' });
    const text = serializeRepositoryRecord(record);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(['apiVersion', 'contract', 'generatedFiles', 'kind', 'onboardedBy', 'platformVersion', 'service', 'strategy']);
    expect(parsed.generatedFiles).toEqual([{ path: 'a.txt', sha256: sha256Hex('a') }, { path: 'b.txt', sha256: sha256Hex('b') }]);
    expect(sha256Hex('a')).toBe('ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb');
    expect(RepositoryTaxonomy.parse(text)).toEqual(parsed);
  });

  test('verify names hand-edited and deleted generated files', () => {
    const files = { 'Dockerfile': 'FROM x\n', '.github/workflows/ci.yml': 'name: ci\n', 'README.md': '# hi\n' };
    write(files);
    write({ '.zave/repository.json': serializeRepositoryRecord(buildRepositoryRecord({ kind: RepositoryKind.SERVICE, platformVersion: '0.0.0', onboardedBy: 'zave init' }, files)) });
    expect(RepositoryTaxonomy.verify(dir)).toEqual({ recordFound: true, problems: [], edited: [], deleted: [], unchanged: ['.github/workflows/ci.yml', 'Dockerfile', 'README.md'] });

    fs.appendFileSync(path.join(dir, '.github/workflows/ci.yml'), '# my step\n');
    fs.rmSync(path.join(dir, 'README.md'));
    expect(RepositoryTaxonomy.verify(dir)).toMatchObject({ edited: ['.github/workflows/ci.yml'], deleted: ['README.md'], unchanged: ['Dockerfile'] });
  });

  test('a missing or malformed record is reported, not thrown', () => {
    expect(RepositoryTaxonomy.verify(dir)).toMatchObject({ recordFound: false, problems: ['.zave/repository.json not found'] });
    write({ '.zave/repository.json': '{"apiVersion":"zave.dev/v2","kind":"library","generatedFiles":[{"path":"x","sha256":"nothex"}]}' });
    const v = RepositoryTaxonomy.verify(dir);
    expect(v.recordFound).toBe(false);
    expect(v.problems).toEqual([
      'apiVersion is "zave.dev/v2"; expected "zave.dev/v1"',
      'kind is "library"; expected one of: service, gitops, platform-workflows',
      'platformVersion must be a string',
      'onboardedBy must be a string',
      'generatedFiles must be a list of {"path": string, "sha256": 64 hex digits}',
    ]);
    expect(() => RepositoryTaxonomy.parse('nope')).toThrow(/not valid JSON/);
  });

  test('a record listing a path outside the repository is a problem, not a read', () => {
    write({ '.zave/repository.json': serializeRepositoryRecord({ apiVersion: 'zave.dev/v1', kind: RepositoryKind.SERVICE, platformVersion: '0', onboardedBy: 'x', generatedFiles: [{ path: '../outside', sha256: sha256Hex('') }] }) });
    expect(RepositoryTaxonomy.verify(dir)).toMatchObject({ recordFound: true, problems: ['generatedFiles lists ../outside, which is outside the repository'], deleted: [] });
  });
  test('a record or a generated file that is a link, a FIFO or oversize is never followed, waited on or read', () => {
    const files = { 'Dockerfile': 'FROM x\n', 'README.md': '# hi\n', 'cdk8s.yaml': 'app: x\n' };
    write(files);
    const record = serializeRepositoryRecord(buildRepositoryRecord({ kind: RepositoryKind.SERVICE, platformVersion: '0.0.0', onboardedBy: 'zave init' }, files));
    // Generated files: one linked to a copy of itself outside (same bytes), one a FIFO, one far larger than zave writes.
    const outside = path.join(tempDir('outside'), 'Dockerfile');
    fs.writeFileSync(outside, files.Dockerfile);
    fs.rmSync(path.join(dir, 'Dockerfile'));
    fs.symlinkSync(outside, path.join(dir, 'Dockerfile'));
    fs.rmSync(path.join(dir, 'README.md'));
    execFileSync('mkfifo', [path.join(dir, 'README.md')]);
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), Buffer.alloc(9 * 1024 * 1024, 0x61));
    write({ '.zave/repository.json': record });
    expect(RepositoryTaxonomy.verify(dir)).toEqual({ recordFound: true, problems: [], edited: ['Dockerfile', 'README.md', 'cdk8s.yaml'], deleted: [], unchanged: [] });
    // The record itself as a link (to a valid record outside), then as a FIFO.
    const recordOutside = path.join(path.dirname(outside), 'repository.json');
    fs.writeFileSync(recordOutside, record);
    fs.rmSync(path.join(dir, '.zave/repository.json'));
    fs.symlinkSync(recordOutside, path.join(dir, '.zave/repository.json'));
    expect(RepositoryTaxonomy.verify(dir)).toMatchObject({ recordFound: false, problems: ['.zave/repository.json is not a regular file (a symbolic link, folder or special file)'] });
    fs.rmSync(path.join(dir, '.zave/repository.json'));
    execFileSync('mkfifo', [path.join(dir, '.zave/repository.json')]);
    expect(RepositoryTaxonomy.verify(dir)).toMatchObject({ recordFound: false, problems: ['.zave/repository.json is not a regular file (a symbolic link, folder or special file)'] });
    cleanup(path.dirname(outside));
  });
});
