import { ChildProcess, spawn } from 'child_process';
import * as net from 'net';
import * as path from 'path';
import { createSandbox, example, RecordingPullRequests, Sandbox } from './sandbox';
import { proposeImage, registerWorkload } from '../../../src/gitops/lifecycle';

/**
 * git daemon on loopback without a free-port race: this process binds port 0 (the kernel picks a free
 * port and it stays bound for the whole test), and each connection is served by `git daemon --inetd`,
 * the same daemon speaking the same git:// protocol on the accepted socket. Picking a "free" port and
 * letting the daemon bind it later could lose the port to another process in between.
 */
async function startDaemon(baseDir: string, env: Record<string, string | undefined>): Promise<{ port: number; stop: () => Promise<void> }> {
  const children = new Set<ChildProcess>();
  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    const child = spawn('git', ['daemon', '--inetd', `--base-path=${baseDir}`, '--export-all', '--enable=receive-pack', '--informative-errors', baseDir],
      { env: env as NodeJS.ProcessEnv, stdio: [socket, socket, 'ignore'] });
    children.add(child);
    child.once('exit', () => children.delete(child));
    socket.destroy(); // the child holds its own copy of the connection
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as net.AddressInfo).port;
  const stop = async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await Promise.all([...children].map((c) => new Promise((r) => { c.once('exit', r); c.kill(); })));
  };
  return { port, stop };
}

// One test of a network remote: git daemon on loopback, git:// URL, real clone, fetch and push.
describe('a network remote (git daemon on 127.0.0.1)', () => {
  let sb: Sandbox;
  let daemon: { port: number; stop: () => Promise<void> };
  let url: string;
  beforeAll(async () => {
    sb = await createSandbox();
    daemon = await startDaemon(sb.dir, sb.env);
    url = `git://127.0.0.1:${daemon.port}/${path.basename(sb.remote)}`;
  });
  afterAll(async () => {
    await daemon.stop();
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
