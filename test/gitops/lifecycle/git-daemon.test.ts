import { ChildProcess, spawn } from 'child_process';
import * as net from 'net';
import * as path from 'path';
import { createSandbox, example, RecordingPullRequests, Sandbox } from './sandbox';
import { proposeImage, registerWorkload } from '../../../src/gitops/lifecycle';

/** A free loopback port (closed again before git daemon binds it). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`git daemon did not listen on ${port}`);
}

// One test of a network remote: git daemon on loopback, git:// URL, real clone, fetch and push.
describe('a network remote (git daemon on 127.0.0.1)', () => {
  let sb: Sandbox;
  let daemon: ChildProcess;
  let url: string;
  beforeAll(async () => {
    sb = await createSandbox();
    const port = await freePort();
    daemon = spawn('git', ['daemon', '--reuseaddr', '--listen=127.0.0.1', `--port=${port}`, `--base-path=${sb.dir}`, '--export-all', '--enable=receive-pack', '--informative-errors', sb.dir],
      { env: sb.env, stdio: 'ignore' });
    await waitForPort(port);
    url = `git://127.0.0.1:${port}/${path.basename(sb.remote)}`;
  });
  afterAll(async () => {
    daemon.kill();
    await new Promise((r) => daemon.once('exit', r));
    sb.cleanup();
  });

  it('registers and proposes over git://, pushing branches the bare repository receives', async () => {
    const prs = new RecordingPullRequests();
    const reg = await registerWorkload({ gitops: url, env: sb.env, pullRequests: prs, contractPath: example('ledger-internal'), repository: 'https://github.com/acme/ledger' });
    expect(reg).toMatchObject({ changed: true, pushed: true, repository: url, branch: 'zave/register-ledger' });
    expect(sb.refs()['refs/heads/zave/register-ledger']).toBe(reg.commit);
    expect(await sb.merge(reg.branch)).toBe(true);
    const results = await Promise.all(['1.0.0', '1.0.1'].map((tag) =>
      proposeImage({ gitops: url, env: sb.env, pullRequests: prs, service: 'ledger', image: `ghcr.io/acme/ledger:${tag}` })));
    const tip = sb.refs()['refs/heads/zave/propose-ledger-dev'];
    expect(results.map((r) => r.commit)).toContain(tip);
    expect(await sb.synthCheck(sb.clone('zave/propose-ledger-dev'))).toEqual([]);
  });
});
