import * as fs from 'fs';
import * as path from 'path';
import { Contract, Exposure, Strategy } from '../../src';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'contracts');

describe('Contract.parse', () => {
  test.each(fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).sort())('example %s is valid', (file) => {
    const result = Contract.parseFile(path.join(EXAMPLES, file));
    expect(result.issues).toEqual([]);
    expect(result.contract?.service).toMatch(/^[a-z]/);
  });

  test('reports every problem of a file in one run, with positions and hints', () => {
    const { contract, issues } = Contract.parse('service: payments-api\nexposure: publik-http\ndatabse: postgres\n');
    expect(contract).toBeUndefined();
    expect(issues.map((i) => [i.code, i.path, i.line, i.column, i.hint])).toEqual([
      ['invalid-enum', 'exposure', 2, 11, 'did you mean public-http?'],
      ['unknown-field', 'databse', 3, 1, 'did you mean database?'],
    ]);
  });

  test('resolves the README example with every decision explained', () => {
    const workload = Contract.load('service: payments-api\nruntime: node\nexposure: public-http\ndatabase: postgres\n');
    expect(workload.strategy).toBe(Strategy.HTTP_SERVICE);
    expect(workload.exposure).toBe(Exposure.PUBLIC_HTTP);
    expect(workload.capabilities).toMatchObject({ ingress: true, postgres: true, security: true });
    expect(workload.decisions.find((d) => d.field === 'strategy')).toEqual({ field: 'strategy', value: 'http-service', rule: 'default: http-service (no schedule, and exposure is not none)' });
  });
});
