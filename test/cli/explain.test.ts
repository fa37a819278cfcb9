import * as path from 'path';
import { run } from '../../src/cli/main';
import { bufferIo } from '../common/buffer-io';

const ROOT = path.join(__dirname, '..', '..');

describe('zave explain', () => {
  test('text: every decision with its reason', async () => {
    const io = bufferIo(ROOT);
    expect(await run(['explain', 'examples/contracts/nightly-report.yaml'], io)).toBe(0);
    const out = io.stdout();
    expect(out.split('\n')[0]).toBe('nightly-report (examples/contracts/nightly-report.yaml): scheduled-job');
    expect(out).toMatch(/strategy +scheduled-job\n +└ derived: a schedule is given, so scheduled-job\n/);
    expect(out).toMatch(/exposure +none\n +└ derived: a scheduled-job receives no traffic\n/);
    expect(out).toMatch(/runtime +java\n +└ written in nightly-report.yaml\n/);
    expect(out).toMatch(/resources +requests 500m CPU \/ 512Mi, limits 2 CPU \/ 1Gi\n +└ size large\n/);
    expect(out).not.toContain('httpPort');
    expect(io.stderr()).toBe('');
  });

  test('json: the resolved workload', async () => {
    const io = bufferIo(ROOT);
    expect(await run(['explain', 'examples/contracts/payments-api.yaml', '--format', 'json'], io)).toBe(0);
    const workload = JSON.parse(io.stdout());
    expect(workload).toMatchObject({
      service: 'payments-api',
      strategy: 'http-service',
      exposure: 'public-http',
      database: 'postgres',
      size: 'small',
      httpPort: 8080,
      metricsPort: 9090,
      databaseStorage: '1Gi',
      capabilities: { ingress: true, service: true, postgres: true, observability: true, security: true },
    });
    expect(workload.decisions.map((d: { field: string }) => d.field)).toEqual(
      ['apiVersion', 'runtime', 'strategy', 'exposure', 'database', 'size', 'httpPort', 'metricsPort', 'probes', 'resources', 'scaling', 'databaseStorage', 'capabilities']);
  });

  test('an invalid contract is reported like validate, exit 1', async () => {
    const io = bufferIo(ROOT);
    expect(await run(['explain', 'test/fixtures/contracts/invalid/enum-exposure-typo.yaml'], io)).toBe(1);
    expect(io.stderr()).toContain('enum-exposure-typo.yaml:2:11 exposure:');
    expect(io.stdout()).toBe('');
    const json = bufferIo(ROOT);
    expect(await run(['explain', 'test/fixtures/contracts/invalid/enum-exposure-typo.yaml', '--format', 'json'], json)).toBe(1);
    expect(JSON.parse(json.stdout()).issues[0]).toMatchObject({ code: 'invalid-enum', path: 'exposure', line: 2, column: 11 });
  });

  test('two files is a usage error, exit 2', async () => {
    const io = bufferIo(ROOT);
    expect(await run(['explain', 'a.yaml', 'b.yaml'], io)).toBe(2);
    expect(io.stderr()).toContain('explain takes one file, got 2');
  });
});
