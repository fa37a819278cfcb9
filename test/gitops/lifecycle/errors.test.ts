import * as fs from 'fs';
import { createSandbox, digestImage, example, RecordingPullRequests, Sandbox } from './sandbox';
import { LifecycleError, promoteImage, proposeImage, registerWorkload, deregisterWorkload } from '../../../src/gitops/lifecycle';

async function refusal(p: Promise<unknown>): Promise<LifecycleError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LifecycleError);
    return e as LifecycleError;
  }
  throw new Error('expected the verb to be refused');
}

describe('lifecycle refusals and no-ops', () => {
  let sb: Sandbox;
  let prs: RecordingPullRequests;
  let common: { gitops: string; env: Record<string, string>; pullRequests: RecordingPullRequests };
  beforeAll(async () => {
    sb = await createSandbox();
    prs = new RecordingPullRequests();
    common = { gitops: sb.remote, env: sb.env, pullRequests: prs };
    await sb.merge((await registerWorkload({ ...common, contractPath: example('payments-api'), repository: 'https://github.com/acme/payments-api' })).branch);
    await sb.merge((await proposeImage({ ...common, service: 'payments-api', image: 'ghcr.io/acme/payments-api:1.0.0' })).branch);
  });
  afterAll(() => sb.cleanup());

  it('refuses a service owned by another repository, naming the owner, and leaves the remote alone', async () => {
    const before = sb.refs();
    const e = await refusal(registerWorkload({ ...common, contractPath: example('payments-api'), repository: 'https://github.com/other/fork.git' }));
    expect(e.code).toBe('owned-by-another-repository');
    expect(e.message).toContain('already registered by https://github.com/acme/payments-api');
    expect(e.message).toContain('https://github.com/other/fork.git');
    expect(sb.refs()).toEqual(before);
  });

  it('treats the same owner written differently (.git suffix, host case) as the owner', async () => {
    const r = await registerWorkload({ ...common, contractPath: example('payments-api'), repository: 'https://GitHub.com/acme/payments-api.git' });
    expect(r.changed).toBe(false);
  });

  it('refuses an invalid contract with its issues', async () => {
    const e = await refusal(registerWorkload({ ...common, contractText: 'service: Bad_Name\nruntim: node\n', contractFile: 'zave.yaml', repository: 'x' }));
    expect(e.code).toBe('invalid-contract');
    expect(e.issues.map((i) => [i.code, i.line])).toEqual(expect.arrayContaining([['unknown-field', 2]]));
    expect(e.issues.every((i) => i.file === 'zave.yaml')).toBe(true);
  });

  it('refuses malformed image references with an example', async () => {
    for (const bad of ['ghcr.io/Acme/API:1', 'ghcr.io/acme/api@sha256:abc', 'ghcr.io/acme/api:', 'has space:1', '']) {
      const e = await refusal(proposeImage({ ...common, service: 'payments-api', image: bad }));
      expect(e.code).toBe('invalid-image-reference');
      expect(e.message).toContain('e.g. ghcr.io/acme/payments-api@sha256:');
    }
  });

  it('requires a digest outside the first environment', async () => {
    const e = await refusal(proposeImage({ ...common, service: 'payments-api', image: 'ghcr.io/acme/payments-api:1.0.0', environment: 'staging' }));
    expect(e.code).toBe('digest-required');
    expect(e.message).toMatch(/outside dev \(here: staging\)/);
    const p = await refusal(promoteImage({ ...common, service: 'payments-api', from: 'dev', to: 'staging' }));
    expect(p.code).toBe('digest-required');
  });

  it('refuses unknown environments and services with a suggestion', async () => {
    const e = await refusal(proposeImage({ ...common, service: 'payments-api', image: 'ghcr.io/acme/a:1', environment: 'stagin' }));
    expect(e.code).toBe('unknown-environment');
    expect(e.message).toContain('dev, staging, prod');
    expect(e.message).toContain('did you mean staging?');
    const s = await refusal(proposeImage({ ...common, service: 'payment-api', image: 'ghcr.io/acme/a:1' }));
    expect(s.code).toBe('not-registered');
    expect(s.message).toContain('did you mean payments-api?');
  });

  it('refuses skipping an environment, promoting backwards, past the end, and with nothing to promote', async () => {
    const skip = await refusal(promoteImage({ ...common, service: 'payments-api', from: 'dev', to: 'prod' }));
    expect(skip.code).toBe('skipped-environment');
    expect(skip.message).toContain('skips staging; promote dev -> staging first');
    const back = await refusal(promoteImage({ ...common, service: 'payments-api', from: 'staging', to: 'dev' }));
    expect(back.message).toContain('only moves forward');
    const end = await refusal(promoteImage({ ...common, service: 'payments-api', from: 'prod' }));
    expect(end.message).toContain('last environment');
    const none = await refusal(promoteImage({ ...common, service: 'payments-api', from: 'staging', to: 'prod' }));
    expect(none.code).toBe('no-image-to-promote');
    expect(none.message).toContain('zave propose --service payments-api --image <ref> --env staging');
  });

  it('makes no commit, branch or pull request when the result equals what is there', async () => {
    const before = sb.refs();
    const count = prs.requests.length;
    expect((await proposeImage({ ...common, service: 'payments-api', image: 'ghcr.io/acme/payments-api:1.0.0' })).changed).toBe(false);
    expect((await deregisterWorkload({ ...common, service: 'never-registered' })).summary).toContain('not registered');
    expect(sb.refs()).toEqual(before);
    expect(prs.requests).toHaveLength(count);
  });

  it('re-running a verb whose branch already holds the change does nothing; a different change replaces it', async () => {
    const first = await proposeImage({ ...common, service: 'payments-api', image: digestImage('payments-api', 'b'), environment: 'staging' });
    expect(first.changed).toBe(true);
    const same = await proposeImage({ ...common, service: 'payments-api', image: digestImage('payments-api', 'b'), environment: 'staging' });
    expect(same.changed).toBe(false);
    expect(same.summary).toContain('already proposes exactly this change');
    const next = await proposeImage({ ...common, service: 'payments-api', image: digestImage('payments-api', 'c'), environment: 'staging' });
    expect(next.changed).toBe(true);
    expect(sb.refs()['refs/heads/zave/propose-payments-api-staging']).toBe(next.commit);
    expect(sb.show(next.branch, 'environments/staging.yaml')).toContain(digestImage('payments-api', 'c'));
  });

  it('refuses service names that are paths', async () => {
    const e = await refusal(deregisterWorkload({ ...common, service: '../../etc' }));
    expect(e.code).toBe('invalid-service-name');
    expect(e.message).toContain('can never be a path');
  });

  it('reports a missing GitOps location and a directory that is not a repository', async () => {
    const missing = await refusal(deregisterWorkload({ ...common, gitops: `${sb.dir}/nope`, service: 'x' }));
    expect(missing.code).toBe('gitops-not-found');
    fs.mkdirSync(`${sb.dir}/plain`);
    const plain = await refusal(deregisterWorkload({ ...common, gitops: `${sb.dir}/plain`, service: 'x' }));
    expect(plain.code).toBe('not-a-gitops-repository');
  });
});
