import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cleanup, gitEnv, tempDir } from '../projects/support/tenant-fixtures';

const ROOT = path.join(__dirname, '..', '..');

/** Runs `zave init ARGS` from source on a real pseudo-terminal (util-linux `script`), typing `input`. */
function zaveOnTerminal(cwd: string, args: string, input: string, env: Record<string, string | undefined>) {
  const program = `require(${JSON.stringify(path.join(ROOT, 'src/cli/main.ts'))}).main()`;
  const command = `${process.execPath} -r ts-node/register/transpile-only -e '${program}' -- zave init ${args}`;
  return spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'), NODE_PATH: path.join(ROOT, 'node_modules') } as NodeJS.ProcessEnv,
  });
}

describe('zave init on a terminal', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = tempDir('init-tty');
  });
  afterEach(() => cleanup(tmp));

  test('asks for what is missing (typed-ahead answers kept, empty answers take the default)', () => {
    const env = gitEnv();
    delete env.CI;
    const r = zaveOnTerminal(tmp, `--gitops ${path.join(tmp, 'gitops')}`, 'tty-api\n\npython\npublic-http\n\n\n', env);
    expect([r.status, r.stdout]).toEqual([0, expect.stringContaining('Service name (a DNS label, e.g. payments-api): ')]);
    expect(r.stdout).toContain('Runtime (node | python | go | java | container) [node]: ');
    expect(fs.readFileSync(path.join(tmp, 'tty-api', 'zave.yaml'), 'utf8')).toMatch(/^service: tty-api\nruntime: python\nstrategy: http-service\nexposure: public-http\n$/m);
  });

  test('never asks in CI, even on a terminal: a missing --name is a usage error', () => {
    const r = zaveOnTerminal(tmp, 'worker', 'tty-api\n', { ...gitEnv(), CI: 'true' });
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('zave init: missing --name');
    expect(r.stdout).not.toContain('Service name');
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});
