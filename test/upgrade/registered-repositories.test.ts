import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { registeredRepositories } from '../../src/upgrade/registered-repositories';

const record = (service: string, repository: string) => `apiVersion: zave.dev/v1\nkind: Registration\nservice: ${service}\nrepository: ${repository}\n`;

describe('registeredRepositories (the repositories zave upgrade --fleet visits)', () => {
  let root: string;
  beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-registered-')); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const put = (service: string, text: string) => {
    fs.mkdirSync(path.join(root, 'workloads', service), { recursive: true });
    fs.writeFileSync(path.join(root, 'workloads', service, 'registration.yaml'), text);
  };

  test('every valid record, sorted by service; folders without one and stray files are skipped', () => {
    put('orders', record('orders', 'https://github.com/acme/orders.git'));
    put('billing', record('billing', 'https://github.com/acme/billing.git'));
    fs.mkdirSync(path.join(root, 'workloads', 'draft'));
    fs.writeFileSync(path.join(root, 'workloads', '.gitkeep'), '');
    expect(registeredRepositories(root)).toEqual([
      { service: 'billing', repository: 'https://github.com/acme/billing.git' },
      { service: 'orders', repository: 'https://github.com/acme/orders.git' },
    ]);
    expect(registeredRepositories(path.join(root, 'nowhere'))).toEqual([]);
  });

  test('a broken, linked or special record is reported with its file and position, and none is followed or opened', () => {
    put('typo', record('typo', 'x').replace('repository:', 'repo:'));
    put('stolen', record('other', 'https://github.com/acme/other.git'));
    fs.mkdirSync(path.join(root, 'workloads', 'linked'));
    fs.writeFileSync(path.join(root, 'secret.yaml'), record('linked', 'https://github.com/acme/linked.git'));
    fs.symlinkSync(path.join(root, 'secret.yaml'), path.join(root, 'workloads', 'linked', 'registration.yaml'));
    fs.mkdirSync(path.join(root, 'workloads', 'piped'));
    execFileSync('mkfifo', [path.join(root, 'workloads', 'piped', 'registration.yaml')]);
    const got = registeredRepositories(root);
    expect(got.map((r) => r.service)).toEqual(['linked', 'piped', 'stolen', 'typo']);
    expect(got.every((r) => r.repository === undefined)).toBe(true);
    const problem = Object.fromEntries(got.map((r) => [r.service, r.problem]));
    expect(problem.linked).toContain('workloads/linked/registration.yaml:1:1 is a symbolic link');
    expect(problem.piped).toContain('special file');
    expect(problem.stolen).toContain('workloads/stolen/registration.yaml:3:10 service: service is "other"');
    expect(problem.typo).toMatch(/workloads\/typo\/registration.yaml:4:1 repo: unknown field "repo"/);
  });
});
