import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Runtime, Strategy } from '../../src';
import { cleanup, synthService, tempDir } from './support/tenant-fixtures';

/** Runs a command in a generated repository; returns its exit status and combined output. */
function runIn(dir: string, command: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(command, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' }, timeout: 60_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('generated runtime skeletons run their own unit tests', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(cleanup));

  test.each([Strategy.HTTP_SERVICE, Strategy.WORKER, Strategy.SCHEDULED_JOB])('node %s: `npm test` passes with no install (node --test)', (strategy) => {
    const { dir } = synthService({ service: 'svc', runtime: Runtime.NODE, strategy, ...(strategy === Strategy.SCHEDULED_JOB ? { schedule: '0 3 * * *' } : {}) });
    dirs.push(dir);
    const r = runIn(dir, 'npm', ['test', '--silent']);
    expect([r.status, r.output]).toEqual([0, expect.stringMatching(/# pass 1\n# fail 0/)]);
  });

  test('node http-service: the server really listens on $PORT and METRICS_PORT', async () => {
    const { dir } = synthService({ service: 'live', runtime: Runtime.NODE });
    dirs.push(dir);
    const out = execFileSync(process.execPath, ['-e', `
      process.env.PORT = '0';
      const { createServer, createMetricsServer } = require('./src/server');
      const { Metrics } = require('./src/metrics');
      const m = new Metrics('live');
      const s = createServer(m).listen(0, async () => {
        const base = 'http://127.0.0.1:' + s.address().port;
        const codes = [];
        for (const p of ['/', '/healthz', '/readyz', '/metrics']) codes.push((await fetch(base + p)).status);
        console.log(JSON.stringify(codes));
        s.closeAllConnections(); s.close();
      });`], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([200, 200, 200, 200]);
  });

  test.each([Strategy.HTTP_SERVICE, Strategy.WORKER, Strategy.SCHEDULED_JOB])('python %s: unittest passes (standard library only)', (strategy) => {
    const { dir, project } = synthService({ service: 'py', runtime: Runtime.PYTHON, strategy, ...(strategy === Strategy.SCHEDULED_JOB ? { schedule: '0 3 * * *' } : {}) });
    dirs.push(dir);
    const [cmd, ...args] = project.tasks.tryFind('test')!.steps[0].exec!.split(' ');
    const r = runIn(dir, cmd, args);
    expect([r.status, r.output]).toEqual([0, expect.stringMatching(/Ran 1 test[\s\S]*OK/)]);
  });

  test.each([Strategy.HTTP_SERVICE, Strategy.WORKER, Strategy.SCHEDULED_JOB])('java %s: the application compiles (javac, no network)', (strategy) => {
    const { dir } = synthService({ service: 'jv', runtime: Runtime.JAVA, strategy, ...(strategy === Strategy.SCHEDULED_JOB ? { schedule: '0 3 * * *' } : {}) });
    dirs.push(dir);
    const out = tempDir('javac');
    dirs.push(out);
    const main = path.join(dir, 'src/main/java/com/example');
    const sources = fs.readdirSync(main).map((f) => path.join(main, f));
    const r = runIn(dir, 'javac', ['--release', '17', '-d', out, ...sources]);
    expect([r.status, r.output]).toEqual([0, '']);
  });
});
