import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { createSandbox, example, Sandbox } from './sandbox';
import { choosePullRequestClient, GitHubPullRequestClient, InstructionsPullRequestClient, parseGitHubRemote } from '../../../src/gitops/github';
import { registerWorkload } from '../../../src/gitops/lifecycle';

interface Recorded {
  method: string;
  url: string;
  auth?: string;
  body?: Record<string, unknown>;
}

/** A loopback server speaking the three GitHub endpoints the client uses, recording every request. */
class FakeGitHub {
  public readonly requests: Recorded[] = [];
  public readonly pulls: Array<{ number: number; head: string; base: string; title: string; body: string }> = [];
  private server = http.createServer((req, res) => this.handle(req, res));

  public async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let data = '';
    req.on('data', (c: Buffer) => { data += c.toString('utf8'); });
    req.on('end', () => {
      const body = data ? JSON.parse(data) as Record<string, unknown> : undefined;
      this.requests.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
      const url = new URL(req.url!, 'http://x');
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      const view = (p: FakeGitHub['pulls'][number]) => ({ number: p.number, html_url: `https://github.com/acme/gitops/pull/${p.number}`, title: p.title, body: p.body, head: { ref: p.head }, base: { ref: p.base } });
      if (req.method === 'GET' && url.pathname === '/repos/acme/gitops/pulls') {
        const head = url.searchParams.get('head')!.replace(/^acme:/, '');
        return send(200, this.pulls.filter((p) => p.head === head).map(view));
      }
      if (req.method === 'POST' && url.pathname === '/repos/acme/gitops/pulls') {
        const pr = { number: this.pulls.length + 1, head: String(body!.head), base: String(body!.base), title: String(body!.title), body: String(body!.body) };
        this.pulls.push(pr);
        return send(201, view(pr));
      }
      const m = /^\/repos\/acme\/gitops\/pulls\/(\d+)$/.exec(url.pathname);
      if (req.method === 'PATCH' && m) {
        const pr = this.pulls.find((p) => p.number === Number(m[1]))!;
        pr.title = String(body!.title);
        pr.body = String(body!.body);
        return send(200, view(pr));
      }
      return send(404, { message: 'Not Found' });
    });
  }
}

describe('GitHub pull requests', () => {
  let gh: FakeGitHub;
  let baseUrl: string;
  beforeEach(async () => {
    gh = new FakeGitHub();
    baseUrl = await gh.start();
  });
  afterEach(() => gh.stop());

  it('creates a pull request, then updates the open one for the same branch', async () => {
    const client = new GitHubPullRequestClient({ repository: { owner: 'acme', repo: 'gitops', host: 'github.com' }, token: 't0ken', baseUrl });
    const created = await client.ensurePullRequest({ head: 'zave/register-ledger', base: 'main', title: 'Register ledger', body: 'first' });
    expect(created).toEqual({ action: 'created', url: 'https://github.com/acme/gitops/pull/1', number: 1 });
    const updated = await client.ensurePullRequest({ head: 'zave/register-ledger', base: 'main', title: 'Update registration of ledger', body: 'second' });
    expect(updated).toEqual({ action: 'updated', url: 'https://github.com/acme/gitops/pull/1', number: 1 });
    expect(gh.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /repos/acme/gitops/pulls?state=open&head=acme%3Azave%2Fregister-ledger&base=main&per_page=10',
      'POST /repos/acme/gitops/pulls',
      'GET /repos/acme/gitops/pulls?state=open&head=acme%3Azave%2Fregister-ledger&base=main&per_page=10',
      'PATCH /repos/acme/gitops/pulls/1',
    ]);
    expect(gh.requests.every((r) => r.auth === 'token t0ken')).toBe(true);
    expect(gh.requests[1].body).toEqual({ head: 'zave/register-ledger', base: 'main', title: 'Register ledger', body: 'first', maintainer_can_modify: true });
    expect(gh.requests[3].body).toEqual({ title: 'Update registration of ledger', body: 'second' });
  });

  it('surfaces API errors with their status', async () => {
    const client = new GitHubPullRequestClient({ repository: { owner: 'nobody', repo: 'none', host: 'github.com' }, token: 't', baseUrl });
    await expect(client.ensurePullRequest({ head: 'h', base: 'main', title: 't', body: 'b' })).rejects.toThrow(/Not Found/);
  });

  it('a verb against a GitHub remote pushes the branch and opens the pull request through GITHUB_API_URL', async () => {
    const sb: Sandbox = await createSandbox();
    try {
      // Route the GitHub URL to the local bare repository: real git, no network.
      fs.appendFileSync(sb.env.GIT_CONFIG_GLOBAL, `[url "${sb.remote}"]\n\tinsteadOf = https://github.com/acme/gitops.git\n`);
      const env = { ...sb.env, GITHUB_TOKEN: 'secret-token', GITHUB_API_URL: baseUrl };
      const r = await registerWorkload({ gitops: 'https://github.com/acme/gitops.git', env, contractPath: example('ledger-internal'), repository: 'https://github.com/acme/ledger' });
      expect(r.pushed).toBe(true);
      expect(sb.refs()[`refs/heads/${r.branch}`]).toBe(r.commit);
      expect(r.pullRequest).toEqual({ action: 'created', url: 'https://github.com/acme/gitops/pull/1', number: 1 });
      expect(gh.pulls).toEqual([{ number: 1, head: 'zave/register-ledger', base: 'main', title: 'Register ledger', body: r.body }]);
      expect(gh.requests.every((q) => q.auth === 'token secret-token')).toBe(true);
      // Without a token: nothing is sent; the result says how to open the request.
      const before = gh.requests.length;
      const noToken = await registerWorkload({ gitops: 'https://github.com/acme/gitops.git', env: sb.env, contractPath: example('payments-api'), repository: 'https://github.com/acme/payments-api' });
      expect(gh.requests.length).toBe(before);
      expect(noToken.pullRequest?.action).toBe('instructions');
      expect(noToken.pullRequest?.url).toBe('https://github.com/acme/gitops/compare/main...zave%2Fregister-payments-api?expand=1');
    } finally {
      sb.cleanup();
    }
  });
});

describe('choosing the pull-request client', () => {
  it('recognizes GitHub remotes and nothing else', () => {
    expect(parseGitHubRemote('https://github.com/acme/gitops.git')).toEqual({ owner: 'acme', repo: 'gitops', host: 'github.com' });
    expect(parseGitHubRemote('git@github.com:acme/gitops.git')).toEqual({ owner: 'acme', repo: 'gitops', host: 'github.com' });
    expect(parseGitHubRemote('ssh://git@github.com/acme/gitops')).toEqual({ owner: 'acme', repo: 'gitops', host: 'github.com' });
    expect(parseGitHubRemote('https://ghe.acme.internal/platform/gitops.git', ['ghe.acme.internal'])?.owner).toBe('platform');
    expect(parseGitHubRemote('https://gitlab.com/acme/gitops.git')).toBeUndefined();
    expect(parseGitHubRemote('/srv/git/gitops.git')).toBeUndefined();
    expect(parseGitHubRemote('file:///srv/git/gitops.git')).toBeUndefined();
  });

  it('uses the API only with a GitHub remote and a token', () => {
    expect(choosePullRequestClient({ remoteUrl: 'https://github.com/a/b', env: { GITHUB_TOKEN: 't' } })).toBeInstanceOf(GitHubPullRequestClient);
    expect(choosePullRequestClient({ remoteUrl: 'https://github.com/a/b', env: {} })).toBeInstanceOf(InstructionsPullRequestClient);
    expect(choosePullRequestClient({ remoteUrl: '/srv/gitops.git', env: { GITHUB_TOKEN: 't' } })).toBeInstanceOf(InstructionsPullRequestClient);
    expect(choosePullRequestClient({ remoteUrl: 'https://ghe.acme.internal/a/b', env: { GITHUB_TOKEN: 't', GITHUB_SERVER_URL: 'https://ghe.acme.internal' } })).toBeInstanceOf(GitHubPullRequestClient);
  });

  it('instructions say where the branch is and how to review it', async () => {
    const local = await new InstructionsPullRequestClient({ localDir: path.join('/', 'repo') }).ensurePullRequest({ head: 'zave/x', base: 'main', title: 't', body: 'b' });
    expect(local.instructions).toContain('git -C /repo diff main...zave/x');
    const remote = await new InstructionsPullRequestClient({ remote: '/srv/gitops.git' }).ensurePullRequest({ head: 'zave/x', base: 'main', title: 't', body: 'b' });
    expect(remote.instructions).toContain('pushed to /srv/gitops.git');
  });
});
