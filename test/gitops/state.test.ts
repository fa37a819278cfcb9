import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cleanup, digestImage, exampleRepo } from './fixture';
import { loadGitOpsState } from '../../src/gitops/state/load';

describe('loadGitOpsState', () => {
  test('loads the example repository sorted, with contracts named relative to the repository', () => {
    const dir = exampleRepo();
    const { state, issues, notes } = loadGitOpsState(dir);
    expect(issues).toEqual([]);
    expect(notes).toEqual([]);
    expect(state!.workloads.map((w) => w.file)).toEqual([
      'workloads/email-worker/zave.yaml', 'workloads/ledger/zave.yaml', 'workloads/legacy-gateway/zave.yaml',
      'workloads/nightly-report/zave.yaml', 'workloads/payments-api/zave.yaml',
    ]);
    expect(state!.environments.prod.images.ledger).toBe(digestImage('ledger'));
    cleanup(dir);
  });

  test('collects every problem of every file in one run, sorted and located', () => {
    const dir = exampleRepo();
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-outside-'));
    fs.writeFileSync(path.join(outside, 'zave.yaml'), 'service: evil\n');
    fs.symlinkSync(outside, path.join(dir, 'workloads', 'evil'));
    fs.mkdirSync(path.join(dir, 'workloads', 'Bad_Name'));
    fs.mkdirSync(path.join(dir, 'workloads', 'renamed'));
    fs.writeFileSync(path.join(dir, 'workloads', 'renamed', 'zave.yaml'), '# moved\nservice: other-name\n');
    fs.mkdirSync(path.join(dir, 'workloads', 'empty'));
    fs.writeFileSync(path.join(dir, 'workloads', 'stray.yaml'), 'x: 1\n');
    fs.writeFileSync(path.join(dir, 'workloads', 'ledger', 'zave.yaml'), 'service: ledger\nexposure: publik-http\n');
    fs.writeFileSync(path.join(dir, 'environments', 'stagng.yaml'), 'apiVersion: zave.dev/v1\nkind: EnvironmentState\nenvironment: stagng\n');
    fs.writeFileSync(path.join(dir, 'environments', 'prod.yaml'), [
      'apiVersion: zave.dev/v1', 'kind: EnvironmentState', 'environment: prod', 'images:',
      '  payments-api: ghcr.io/acme/payments-api:1.2.3', '  email-worker: ghcr.io/acme/Email@sha256:123', `  paymnts-api: ${digestImage('x')}`, '',
    ].join('\n'));
    const { state, issues } = loadGitOpsState(dir);
    expect(state).toBeUndefined();
    expect(issues.map((i) => [i.file, i.line, i.column, i.code, i.hint ?? ''])).toEqual([
      ['environments/prod.yaml', 5, 17, 'image-not-pinned', expect.stringContaining('promote the digest that ran in the previous environment (zave promote)')],
      ['environments/prod.yaml', 6, 17, 'invalid-image', expect.stringContaining('registry/name@sha256')],
      ['environments/prod.yaml', 7, 3, 'unknown-service', 'did you mean payments-api?'],
      ['environments/stagng.yaml', 1, 1, 'unknown-environment', 'did you mean staging?'],
      ['workloads/Bad_Name', 1, 1, 'invalid-name', 'did you mean bad-name?'],
      ['workloads/empty/zave.yaml', 1, 1, 'file-not-found', expect.stringContaining('zave register')],
      ['workloads/evil', 1, 1, 'unsafe-path', 'replace the link with the folder'],
      ['workloads/ledger/zave.yaml', 2, 11, 'invalid-enum', 'did you mean public-http?'],
      ['workloads/renamed/zave.yaml', 2, 10, 'name-mismatch', expect.stringContaining('workloads/other-name/')],
      ['workloads/stray.yaml', 1, 1, 'unexpected-entry', 'move or delete it'],
    ]);
    cleanup(dir);
    cleanup(outside);
  });

  test('a workload needing an inactive capability is an error at the contract field', () => {
    const dir = exampleRepo();
    const p = path.join(dir, 'platform.yaml');
    fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('postgres: true', 'postgres: false'));
    const { issues } = loadGitOpsState(dir);
    expect(issues.map((i) => [i.file, i.line, i.column, i.code])).toEqual([
      ['workloads/email-worker/zave.yaml', 6, 11, 'capability-inactive'],
      ['workloads/payments-api/zave.yaml', 5, 11, 'capability-inactive'],
    ]);
    cleanup(dir);
  });

  test('a missing platform.yaml says what to do', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-empty-'));
    const { issues } = loadGitOpsState(dir);
    expect(issues).toEqual([expect.objectContaining({ code: 'file-not-found', file: 'platform.yaml', hint: expect.stringContaining('GitOps repository') })]);
    cleanup(dir);
  });
});
