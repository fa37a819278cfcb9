import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/main';
import { bufferIo } from '../common/buffer-io';

const ROOT = path.join(__dirname, '..', '..');

describe('zave explain', () => {
  test('--env: what the environment decides, from platform.yaml (defaults when none is found)', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-explain-'));
    try {
      const contract = path.join(ROOT, 'examples/contracts/payments-api.yaml');
      const io = bufferIo(cwd);
      expect(await run(['explain', contract, '--env', 'prod'], io)).toBe(0);
      expect(io.stdout()).toContain('in prod, as platform.yaml decides (read from the platform defaults, no platform.yaml found):');
      expect(io.stdout()).toMatch(/replicas +2-3 \(HorizontalPodAutoscaler\)\n/);
      expect(io.stdout()).toMatch(/database +PostgreSQL payments-api-db: 3 instance\(s\), 1Gi each\n/);

      // A platform.yaml given with --platform wins; its own environments and domains are used.
      const platform = fs.readFileSync(path.join(ROOT, 'test/fixtures/platform/custom-envs.yaml'), 'utf8');
      fs.writeFileSync(path.join(cwd, 'platform.yaml'), platform);
      const custom = bufferIo(cwd);
      expect(await run(['explain', contract, '--env', 'qa', '--platform', 'platform.yaml', '--format', 'json'], custom)).toBe(0);
      const json = JSON.parse(custom.stdout());
      expect(json.environment.name).toBe('qa');
      expect(json.environment.decisions.find((d: { field: string }) => d.field === 'host').value).toBe('https://payments-api.qa.acme.io');

      // A database in an environment without cluster.apiServerCidr is refused, naming the field (never 0.0.0.0/0).
      const live = bufferIo(cwd);
      expect(await run(['explain', contract, '--env', 'live', '--platform', 'platform.yaml'], live)).toBe(1);
      expect(live.stderr()).toContain('environments.1.cluster.apiServerCidr: environment live runs a database (payments-api) but has no cluster.apiServerCidr');

      const wrong = bufferIo(cwd);
      expect(await run(['explain', contract, '--env', 'prd', '--platform', 'platform.yaml'], wrong)).toBe(2);
      expect(wrong.stderr()).toContain('--env must be one of the environments in platform.yaml: qa, live (got "prd")');
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

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
