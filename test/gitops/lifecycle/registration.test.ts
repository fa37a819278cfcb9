import * as fs from 'fs';
import * as path from 'path';
import { createSandbox, example, RecordingPullRequests, Sandbox } from './sandbox';
import { deregisterWorkload, LifecycleError, proposeImage, registerWorkload } from '../../../src/gitops/lifecycle';

const OWNER = 'https://github.com/acme/payments-api';
const FILE = 'workloads/payments-api/registration.yaml';

describe('a broken owner record (workloads/<service>/registration.yaml)', () => {
  let sb: Sandbox;
  let common: { gitops: string; env: Record<string, string>; pullRequests: RecordingPullRequests };
  beforeAll(async () => {
    sb = await createSandbox();
    common = { gitops: sb.remote, env: sb.env, pullRequests: new RecordingPullRequests() };
    await sb.merge((await registerWorkload({ ...common, contractPath: example('payments-api'), repository: OWNER })).branch);
    await sb.merge((await proposeImage({ ...common, service: 'payments-api', image: 'ghcr.io/acme/payments-api:1.0.0' })).branch);
    // A hand edit lands on main: the owner field misspelt.
    const work = sb.clone('main');
    const file = path.join(work, FILE);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('repository:', 'repositry:'));
    sb.git(work, 'commit', '-q', '-am', 'hand edit');
    sb.git(work, 'push', '-q', 'origin', 'main');
  });
  afterAll(() => sb.cleanup());

  async function refusal(p: Promise<unknown>): Promise<LifecycleError> {
    const e = await p.then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(LifecycleError);
    return e as LifecycleError;
  }

  test('ownership is never guessed from it: register and a contract release are refused, naming the file, line and field', async () => {
    const before = sb.refs();
    // One after the other: both run against the same remote.
    for (const attempt of [
      () => registerWorkload({ ...common, contractPath: example('payments-api'), repository: OWNER }),
      () => proposeImage({ ...common, service: 'payments-api', image: 'ghcr.io/acme/payments-api:1.0.1', contractPath: example('payments-api'), repository: OWNER }),
    ]) {
      const e = await refusal(attempt());
      expect(e.code).toBe('invalid-registration');
      expect(e.message).toContain(FILE);
      expect(e.issues).toEqual(expect.arrayContaining([
        expect.objectContaining({ code: 'unknown-field', file: FILE, path: 'repositry', hint: expect.stringContaining('repository') }),
        expect.objectContaining({ code: 'missing-field', path: 'repository' }),
      ]));
    }
    expect(sb.refs()).toEqual(before);
  });

  test('an image alone does not read it, and deregistration is not blocked by it', async () => {
    const image = await proposeImage({ ...common, service: 'payments-api', image: 'ghcr.io/acme/payments-api:1.0.2' });
    expect(image.changed).toBe(true);
    const gone = await deregisterWorkload({ ...common, service: 'payments-api' });
    expect(gone.changed).toBe(true);
    expect(sb.show(gone.branch, FILE)).toBeUndefined();
  });
  test('an owner zave could not read back is never written', async () => {
    const before = sb.refs();
    const e = await refusal(registerWorkload({ ...common, contractPath: example('email-worker'), repository: '--upload-pack=touch /tmp/zave-pwned' }));
    expect(e.code).toBe('owner-not-proven');
    expect(e.message).toContain('is not a repository URL or path');
    expect(sb.refs()).toEqual(before);
  });
});
