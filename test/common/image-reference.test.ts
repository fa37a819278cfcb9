import * as fc from 'fast-check';
import { imageAccepted, ImageReference } from '../../src/common/image-reference';

const D = (c: string): string => 'sha256:' + c.repeat(64);

describe('ImageReference grammar', () => {
  test.each([
    ['nginx:1', { name: 'nginx', tag: '1' }],
    ['ghcr.io/acme/api:1.2.3', { name: 'ghcr.io/acme/api', tag: '1.2.3' }],
    ['localhost:5000/team/app:1.2.3', { name: 'localhost:5000/team/app', tag: '1.2.3' }],
    [`localhost:5000/api@${D('a')}`, { name: 'localhost:5000/api', digest: D('a') }],
    [`api:v1@${D('b')}`, { name: 'api', tag: 'v1', digest: D('b') }],
    ['[::1]:5000/app:2', { name: '[::1]:5000/app', tag: '2' }],
  ])('%s parses', (ref, expected) => {
    const { reference, problem } = ImageReference.check(ref);
    expect(problem).toBeUndefined();
    expect({ name: reference!.name, tag: reference!.tag, digest: reference!.digest }).toEqual({ tag: undefined, digest: undefined, ...expected });
    expect(reference!.ref).toBe(ref);
  });

  test.each([
    ['', 'empty'],
    ['api/UPPER:1', 'repository name'],
    ['ghcr.io/Acme/app:1', 'repository name'],
    ['api@sha256:abc', 'digest'],
    ['api:-bad', 'tag'],
    ['api:', 'tag'],
    ['a b:1', 'whitespace'],
    [' api:1', 'whitespace'],
    ['../etc/passwd', 'repository name'],
    ['a'.repeat(513) + ':1', 'longer than 512'],
  ])('%j is malformed (%s), from both entries, with an example', (ref, why) => {
    for (const result of [ImageReference.check(ref), ImageReference.checkSyntax(ref), ImageReference.check(ref, { requireDigest: true })]) {
      expect(result.reference).toBeUndefined();
      expect(result.problem?.code).toBe('invalid-image');
      expect(result.problem?.message).toContain('not a valid image reference');
      expect(result.problem?.message).toContain(why);
      expect(result.problem?.hint).toMatch(/e\.g\. ghcr\.io\/acme\/payments-api@sha256:[0-9a-f]{64}$/);
    }
    expect(() => ImageReference.parse(ref)).toThrow(/not a valid image reference/);
  });

  test('a digest is "sha256:" and 64 lower-case hex characters', () => {
    expect(ImageReference.check(`api@${D('A')}`).problem?.message).toContain('expected sha256: followed by 64');
    expect(ImageReference.check(`api@sha512:${'a'.repeat(128)}`).problem?.code).toBe('invalid-image');
  });
});

describe('ImageReference pinning', () => {
  test('a tag other than latest, or a digest, is deployable; no tag or latest is not', () => {
    expect(ImageReference.check('api:1.0.0', { environment: 'dev' }).problem).toBeUndefined();
    const latest = ImageReference.check('api:latest', { environment: 'dev' }).problem;
    expect(latest?.code).toBe('image-not-pinned');
    expect(latest?.message).toMatch(/not pinned \(tag latest\)/);
    expect(latest?.message).toContain('"latest"');
    expect(latest?.message).toContain('dev would run whatever was pushed last');
    expect(ImageReference.check('api').problem?.message).toMatch(/not pinned \(no tag\)/);
    expect(ImageReference.check(`api@${D('c')}`).problem).toBeUndefined();
  });

  test('requireDigest refuses a tag and names both environments', () => {
    const problem = ImageReference.check('ghcr.io/acme/api:1.0.0', { requireDigest: true, environment: 'prod', firstEnvironment: 'dev' }).problem;
    expect(problem?.code).toBe('image-not-pinned');
    expect(problem?.message).toMatch(/not pinned by digest; outside dev \(here: prod\)/);
    expect(problem?.message).toContain(ImageReference.EXAMPLE);
    expect(problem?.hint).toContain('docker buildx imagetools inspect ghcr.io/acme/api:1.0.0');
    expect(ImageReference.check(`api@${D('c')}`, { requireDigest: true }).problem).toBeUndefined();
  });

  test('checkSyntax accepts any tag, latest or none', () => {
    expect(ImageReference.checkSyntax('nginx').reference?.name).toBe('nginx');
    expect(ImageReference.checkSyntax('nginx:latest').reference?.tag).toBe('latest');
  });
});

describe('ImageReference.parse (the throwing entry)', () => {
  test('pull policy and label-safe version follow the pin', () => {
    const byDigest = ImageReference.parse(`ghcr.io/acme/api@${D('f')}`);
    expect(byDigest.pullPolicy).toBe('IfNotPresent');
    expect(byDigest.version).toBe('f'.repeat(12));
    const byTag = ImageReference.parse('ghcr.io/acme/api:1.4.2_rc');
    expect(byTag.pullPolicy).toBe('Always');
    expect(byTag.version).toBe('1.4.2_rc');
    expect(ImageReference.parse(`api:${'v'.repeat(100)}`).version).toHaveLength(63);
  });

  test.each([
    ['registry/app', /not pinned \(no tag\)/],
    ['registry/app:latest', /not pinned \(tag latest\)/],
    ['registry/app@sha256:abc', /expected sha256: followed by 64/],
  ])('refuses %j with the fix', (ref, message) => {
    expect(() => ImageReference.parse(ref)).toThrow(message);
    expect(() => ImageReference.parse(ref)).toThrow(/use an immutable tag|e\.g\. ghcr\.io/);
  });
});

describe('imageAccepted: the same answer as ImageReference.check, without building the reference', () => {
  test('for references built from grammar pieces and broken ones, with and without the digest rule', () => {
    const piece = fc.constantFrom('ghcr.io', 'localhost:5000', '[::1]:5000', 'acme', 'a_b', 'a__b', 'a--b', 'A', '-x', 'x.', '', ' ', 'é');
    const tag = fc.constantFrom('', ':1', ':latest', ':v1.2.3', ':-bad', `:${'t'.repeat(129)}`, ':a b');
    const digest = fc.constantFrom('', `@${D('a')}`, '@sha256:abc', `@sha512:${'a'.repeat(64)}`, `@${D('A')}`);
    fc.assert(fc.property(fc.array(piece, { minLength: 1, maxLength: 4 }), tag, digest, fc.boolean(), (parts, t, d, requireDigest) => {
      const ref = `${parts.join('/')}${t}${d}`;
      for (const options of [{}, { requireDigest }, { requireDigest, environment: 'prod', firstEnvironment: 'dev' }]) {
        expect(imageAccepted(ref, options)).toBe(ImageReference.check(ref, options).problem === undefined);
      }
    }), { numRuns: 2000 });
  });
});
