import * as fs from 'fs';
import * as path from 'path';
import { CliIo } from '../../src/cli/io';
import { run } from '../../src/cli/main';
import { commit, FleetDirs, passingFleet, releaseFleets, RENDER_VERSION, write } from '../status/fleet-fixture';

interface Captured { code: number; out: string; err: string }

async function zave(argv: string[], opts: { cwd?: string; isTty?: boolean; env?: Record<string, string> } = {}): Promise<Captured> {
  let out = '';
  let err = '';
  const io: CliIo = {
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env ?? {},
    isTty: opts.isTty ?? false,
    isInteractive: false,
    out: (t) => { out += t; },
    err: (t) => { err += t; },
  };
  const code = await run(argv, io);
  return { code, out, err };
}

let fleet: FleetDirs;
afterEach(() => fleet?.cleanup());
afterAll(releaseFleets);

/** Snapshot text without what legitimately varies: the render version and commit ids (they change with any generated file). */
function forSnapshot(out: string): string {
  return out.split(RENDER_VERSION).join('<render-version>').replace(/\bcommit [0-9a-f]{7,40}\b/g, 'commit <sha>');
}

describe('zave status', () => {
  test('prints the table for a passing fleet and exits 0', async () => {
    fleet = await passingFleet();
    const r = await zave(['status', '--gitops', fleet.gitops, '--repos', fleet.repos]);
    expect(r).toMatchObject({ code: 0, err: '' });
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Formation exit criteria: PASS (4/4 criteria pass, 5 workloads, 5 tenant repositories)');
    expect(lines.slice(2, 7)).toEqual([
      '#  CRITERION                  FIGURE                              THRESHOLD     RESULT',
      '1  Contract-driven workloads  5/5 (100%)                          >= 80%        PASS',
      '2  Generated pipelines        5/5 (100%)                          >= 100%       PASS',
      '3  GitOps authority           0 violations (5/5 workloads clean)  0 violations  PASS',
      '4  No-expert onboarding       5/5 (100%)                          >= 100%       PASS',
    ]);
    expect(r.out).toContain('  strategy     http-service 3, scheduled-job 1, worker 1\n');
    expect(r.out).not.toContain('\x1b[');
    expect(forSnapshot(r.out)).toMatchSnapshot();
  });

  test('exits 1 and names offenders when a criterion fails; colours only on a terminal without NO_COLOR', async () => {
    fleet = await passingFleet(['ledger', 'payments-api']);
    write(fleet.gitops, 'deploy/dev/ledger/extra.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n');
    commit(fleet.gitops, 'extra');
    const plain = await zave(['status', '--gitops', fleet.gitops, '--repos', fleet.repos]);
    expect(plain.code).toBe(1);
    expect(plain.out).toContain('1  Contract-driven workloads  1/2 (50%)');
    expect(plain.out).toContain('Offenders:\n  1 Contract-driven workloads (1):\n    ledger  deploy/dev/ledger/extra.yaml is not produced by the contract (hand-written manifest)\n');
    const tty = await zave(['status', '--gitops', fleet.gitops, '--repos', fleet.repos], { isTty: true });
    expect(tty.out).toContain('\x1b[31mFAIL');
    expect(tty.out).toContain('\x1b[32mPASS');
    const noColor = await zave(['status', '--gitops', fleet.gitops, '--repos', fleet.repos], { isTty: true, env: { NO_COLOR: '1' } });
    expect(noColor.out).toBe(plain.out);
  });

  test('--format json has stable sorted keys and the same figures', async () => {
    fleet = await passingFleet(['ledger', 'payments-api', 'email-worker']);
    const r = await zave(['status', '--gitops', fleet.gitops, '--repos', fleet.repos, '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual([...Object.keys(doc)].sort());
    expect(doc).toMatchObject({ apiVersion: 'zave.dev/v1', kind: 'FleetStatus', pass: true, repositories: ['email-worker', 'ledger', 'payments-api'] });
    expect(doc.criteria.map((c: { id: string; figure: string; status: string }) => [c.id, c.status, c.figure])).toEqual([
      ['contract-driven', 'pass', '3/3 (100%)'],
      ['generated-pipelines', 'pass', '3/3 (100%)'],
      ['gitops-authority', 'pass', '0 violations (3/3 workloads clean)'],
      ['no-expert-onboarding', 'pass', '3/3 (100%)'],
    ]);
    expect(Object.keys(doc.criteria[0])).toEqual(['figure', 'id', 'notes', 'offenders', 'passed', 'status', 'threshold', 'title', 'total']);
    expect(doc.workloads[0]).toEqual({
      environments: ['dev'],
      exposure: 'none',
      failing: [],
      platformVersion: RENDER_VERSION,
      platformVersionSource: 'GitOps repository .zave/repository.json',
      registered: true,
      releases: [{ environment: 'dev', image: expect.stringMatching(/^registry\.example\.com\/email-worker@sha256:[0-9a-f]{64}$/), contract: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), platform: RENDER_VERSION }],
      repository: 'email-worker',
      runtime: 'python',
      service: 'email-worker',
      strategy: 'worker',
      tenantVersion: RENDER_VERSION,
    });
    const again = await zave(['status', '--gitops', fleet.gitops, '--repos', fleet.repos, '--format', 'json']);
    expect(again.out).toBe(r.out);
  });

  test('--format markdown: badge-style summary line, criteria table, offenders', async () => {
    fleet = await passingFleet(['ledger']);
    fs.appendFileSync(path.join(fleet.repo('ledger'), '.github/workflows/ci.yml'), '# local | tweak\n');
    commit(fleet.repo('ledger'), 'tweak ci');
    const r = await zave(['status', '--gitops', fleet.gitops, '--repos', fleet.repos, '--format', 'markdown']);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^!\[formation exit\]\(https:\/\/img\.shields\.io\/badge\/formation_exit-1%2F4_criteria-red\) \*\*Formation exit: FAIL\*\* \(1\/4 criteria\)/);
    expect(lines).toContain('| 2 | Generated pipelines | 0/1 (0%) | >= 100% | ❌ fail |');
    expect(lines).toContain('| 2 | `ledger` | .github/workflows/ci.yml was edited after generation (sha256 differs from .zave/repository.json) |');
    expect(lines).toContain(`| \`ledger\` | http-service | go | internal-http | dev, prod, staging | ${RENDER_VERSION} |`);
    expect(lines).toContainEqual(expect.stringMatching(/^\| 4 \| `ledger` \| tenant repository ledger: commit [0-9a-f]{7} "tweak ci" changed platform-owned \.github\/workflows\/ci\.yml by hand \|$/));
    expect(forSnapshot(r.out)).toMatchSnapshot();
  });

  test('--gitops accepts a git URL (cloned read-only into a temporary folder, then removed)', async () => {
    fleet = await passingFleet(['ledger']);
    const r = await zave(['status', '--gitops', `file://${fleet.gitops}`, '--repos', fleet.repos, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).workloads.map((w: { service: string }) => w.service)).toEqual(['ledger']);
  });

  test('defaults to $ZAVE_GITOPS, then the current folder, then ./gitops; without --repos it exits 1 (unmeasured)', async () => {
    fleet = await passingFleet(['ledger']);
    const fromEnv = await zave(['status'], { env: { ZAVE_GITOPS: fleet.gitops } });
    const fromCwd = await zave(['status'], { cwd: fleet.gitops });
    const fromParent = await zave(['status'], { cwd: fleet.root });
    expect(fromParent.out).toBe(fromEnv.out);
    const nowhere = await zave(['status'], { cwd: fleet.repos });
    expect(nowhere).toMatchObject({ code: 1, out: '' });
    expect(nowhere.err).toBe(`zave status: no GitOps repository found: ${fleet.repos} has no platform.yaml and has no gitops/ folder; pass --gitops DIR|URL or set ZAVE_GITOPS\n`);
    const notGitops = await zave(['status', '--gitops', fleet.repos]);
    expect(notGitops.err).toBe(`zave status: ${fleet.repos} is not a GitOps repository (no platform.yaml); pass --gitops DIR|URL or set ZAVE_GITOPS\n`);
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.out).toContain('2  Generated pipelines        0/0                                 >= 100%       UNMEASURED');
    expect(fromEnv.out).toContain('  - Generated pipelines: not measured: give --repos with the tenant repository checkouts');
    expect(fromCwd.out).toBe(fromEnv.out);
  });

  test('several tenant folders after --repos; --min-contract-share changes the threshold', async () => {
    fleet = await passingFleet(['ledger', 'payments-api']);
    const r = await zave(['status', '--gitops', fleet.gitops, '--repos', fleet.repo('ledger'), fleet.repo('payments-api'), '--min-contract-share', '90', '--format', 'json']);
    const doc = JSON.parse(r.out);
    expect(doc.repositories).toEqual(['ledger', 'payments-api']);
    expect(doc.criteria[0].threshold).toBe('>= 90%');
  });

  test.each([
    [['status', '--format', 'yaml'], '--format must be one of: table, json, markdown, html (got "yaml")'],
    [['status', 'somewhere'], 'unexpected argument "somewhere"; tenant repositories go after --repos'],
    [['status', '--gitopz', 'x'], "Unknown option '--gitopz'"],
    [['status', '--min-contract-share', '120'], '--min-contract-share must be a whole percent from 0 to 100 (got "120")'],
  ])('usage error %j exits 2', async (argv, message) => {
    const r = await zave(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });

  test('a missing folder or an unreachable URL exits 1 with the path', async () => {
    const missing = await zave(['status', '--gitops', '/nonexistent/gitops']);
    expect(missing).toMatchObject({ code: 1, out: '' });
    expect(missing.err).toBe('zave status: --gitops /nonexistent/gitops is not a folder (resolved to /nonexistent/gitops); pass a checkout path or a git URL\n');
    const url = await zave(['status', '--gitops', 'file:///nonexistent/gitops.git']);
    expect(url.code).toBe(1);
    expect(url.err).toMatch(/^zave status: cannot clone the GitOps repository file:\/\/\/nonexistent\/gitops\.git: /);
  });

  test('--help documents the flags and exit codes', async () => {
    const r = await zave(['status', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: zave status [--gitops DIR|URL] [--repos DIR...] [--format table|json|markdown|html] [--output FILE]');
    expect(r.out).toContain('--repos DIR');
    expect(r.out).toContain('Exit codes: 0 ok, 1 invalid input or failed check, 2 usage error');
  });
});
