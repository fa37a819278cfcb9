import * as fc from 'fast-check';
import { combinations, DIGEST_IMAGE, ENVIRONMENTS, workloadFor } from './environments';
import { SecurityPolicy } from '../../src/policy/security-policy';
import { renderWorkload } from '../../src/strategies/render';
import { validateObject } from '../support/schemas/validate';

// Any valid service name (DNS-1035, up to 40 characters) renders valid, secure objects in every
// environment: derived names (`<service>-db-app`, `<env>-<service>`, hosts) stay inside the limits.
const serviceName = fc.tuple(
  fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), maxLength: 38 }),
  fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
).map(([a, mid, z]) => `${a}${mid}${z}`)
  .filter((s) => !/^(con|aux|nul|prn|com[1-9]|lpt[1-9])$/.test(s));

test('any valid service name renders schema-valid objects that pass the security baseline', () => {
  fc.assert(fc.property(serviceName, fc.constantFrom(...combinations()), fc.constantFrom(...ENVIRONMENTS), (service, c, env) => {
    const objects = renderWorkload(workloadFor(c, service), env, DIGEST_IMAGE);
    for (const obj of objects) expect(validateObject(obj)).toEqual([]);
    expect(SecurityPolicy.check(objects, env.name !== 'dev')).toEqual([]);
  }), { numRuns: 60, seed: 20261125 });
});
