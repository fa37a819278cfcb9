import { RuntimeSkeleton } from './runtime-skeleton';
import { Strategy } from '../../../contract/enums';
import { ResolvedWorkload } from '../../../contract/resolved';
import { BASE_IMAGES } from '../base-images';

const METRICS_JS = `'use strict';
// Prometheus text exposition without dependencies: counters plus the process uptime.

class Metrics {
  constructor(service) {
    this.service = service;
    this.started = Date.now();
    this.counters = new Map();
  }

  /** Adds \`by\` to the counter \`name\` with the given labels. */
  inc(name, labels = {}, by = 1) {
    const key = JSON.stringify([name, Object.keys(labels).sort().map((k) => [k, String(labels[k])])]);
    this.counters.set(key, (this.counters.get(key) || 0) + by);
  }

  /** The exposition text served on /metrics. */
  render() {
    const byName = new Map();
    for (const [key, value] of this.counters) {
      const [name, labels] = JSON.parse(key);
      const text = labels.map(([k, v]) => \`\${k}="\${v.replace(/["\\\\\\n]/g, '_')}"\`).join(',');
      if (!byName.has(name)) byName.set(name, []);
      byName.get(name).push(\`\${name}\${text ? \`{\${text}}\` : ''} \${value}\`);
    }
    const lines = [];
    for (const name of [...byName.keys()].sort()) lines.push(\`# TYPE \${name} counter\`, ...byName.get(name).sort());
    lines.push('# TYPE process_uptime_seconds gauge', \`process_uptime_seconds{service="\${this.service}"} \${(Date.now() - this.started) / 1000}\`);
    return lines.join('\\n') + '\\n';
  }
}

module.exports = { Metrics };
`;

const HTTP_HELPERS = `
/** Serves /healthz and /metrics (the platform scrapes METRICS_PORT, 9090). */
function createMetricsServer(metrics) {
  return http.createServer((req, res) => {
    const path = (req.url || '/').split('?')[0];
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      return res.end(metrics.render());
    }
    res.writeHead(path === '/healthz' ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' });
    return res.end(path === '/healthz' ? 'ok\\n' : 'not found\\n');
  });
}

function log(msg, fields = {}) {
  console.log(JSON.stringify({ level: 'info', service: SERVICE, msg, ...fields }));
}
`;

function server(service: string): string {
  return `'use strict';
// HTTP service: serves $PORT (8080) with /healthz, /readyz and Prometheus /metrics,
// and /metrics + /healthz on METRICS_PORT (9090) for the platform's scraper.
const http = require('node:http');
const { Metrics } = require('./metrics');

const SERVICE = '${service}';

/** The application: add your routes here. */
function createServer(metrics = new Metrics(SERVICE)) {
  return http.createServer((req, res) => {
    const path = (req.url || '/').split('?')[0];
    let status = 404;
    let type = 'text/plain; charset=utf-8';
    let body = 'not found\\n';
    if (path === '/healthz') [status, body] = [200, 'ok\\n'];
    else if (path === '/readyz') [status, body] = [200, 'ready\\n'];
    else if (path === '/metrics') [status, type, body] = [200, 'text/plain; version=0.0.4; charset=utf-8', metrics.render()];
    else if (path === '/') [status, type, body] = [200, 'application/json', JSON.stringify({ service: SERVICE }) + '\\n'];
    metrics.inc('http_requests_total', { code: status, method: req.method });
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  });
}
${HTTP_HELPERS}
function main() {
  const port = Number(process.env.PORT || 8080);
  const metricsPort = Number(process.env.METRICS_PORT || 9090);
  const metrics = new Metrics(SERVICE);
  const servers = [createServer(metrics).listen(port), createMetricsServer(metrics).listen(metricsPort)];
  log('listening', { port, metricsPort });
  const stop = (signal) => {
    log('stopping', { signal });
    let open = servers.length;
    for (const s of servers) s.close(() => { if (--open === 0) process.exit(0); });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

module.exports = { createServer, createMetricsServer };
if (require.main === module) main();
`;
}

function worker(service: string): string {
  return `'use strict';
// Worker: a long-running loop with /healthz and Prometheus /metrics on METRICS_PORT (9090).
const http = require('node:http');
const { Metrics } = require('./metrics');

const SERVICE = '${service}';

/** One unit of work: replace with yours (poll a queue, process a batch, ...). */
async function work(metrics) {
  metrics.inc('work_iterations_total');
}
${HTTP_HELPERS}
function main() {
  const metricsPort = Number(process.env.METRICS_PORT || 9090);
  const intervalMs = Number(process.env.WORK_INTERVAL_MS || 5000);
  const metrics = new Metrics(SERVICE);
  const server = createMetricsServer(metrics).listen(metricsPort);
  let stopping = false;
  let timer;
  const loop = async () => {
    try {
      await work(metrics);
    } catch (e) {
      metrics.inc('work_errors_total');
      console.error(JSON.stringify({ level: 'error', service: SERVICE, msg: String(e) }));
    }
    if (!stopping) timer = setTimeout(loop, intervalMs);
  };
  log('started', { metricsPort, intervalMs });
  loop();
  const stop = (signal) => {
    log('stopping', { signal });
    stopping = true;
    clearTimeout(timer);
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

module.exports = { work, createMetricsServer };
if (require.main === module) main();
`;
}

function job(service: string): string {
  return `'use strict';
// Scheduled job: runs once to completion; the platform's CronJob starts it on the contract's schedule.

const SERVICE = '${service}';

/** The job's work: replace with yours. Resolves to a summary that is logged. */
async function run() {
  return { service: SERVICE, processed: 0 };
}

if (require.main === module) {
  run().then(
    (summary) => console.log(JSON.stringify({ level: 'info', msg: 'done', ...summary })),
    (e) => {
      console.error(JSON.stringify({ level: 'error', service: SERVICE, msg: String(e) }));
      process.exitCode = 1;
    },
  );
}

module.exports = { run };
`;
}

const SERVER_TEST = `'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { createServer, createMetricsServer } = require('../src/server');
const { Metrics } = require('../src/metrics');

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return \`http://127.0.0.1:\${server.address().port}\`;
}

function close(server) {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
}

test('serves /healthz, /readyz and Prometheus /metrics', async () => {
  const metrics = new Metrics('test');
  const app = createServer(metrics);
  const scrape = createMetricsServer(metrics);
  const [base, scrapeBase] = [await listen(app), await listen(scrape)];
  try {
    assert.equal((await fetch(\`\${base}/healthz\`)).status, 200);
    assert.equal((await fetch(\`\${base}/readyz\`)).status, 200);
    assert.equal((await fetch(\`\${base}/nope\`)).status, 404);
    const text = await (await fetch(\`\${scrapeBase}/metrics\`)).text();
    assert.match(text, /^# TYPE http_requests_total counter$/m);
    assert.match(text, /^http_requests_total\\{code="200",method="GET"\\} 2$/m);
    assert.match(text, /^http_requests_total\\{code="404",method="GET"\\} 1$/m);
  } finally {
    await close(app);
    await close(scrape);
  }
});
`;

const WORKER_TEST = `'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { work, createMetricsServer } = require('../src/worker');
const { Metrics } = require('../src/metrics');

test('one unit of work is counted and served on /metrics next to /healthz', async () => {
  const metrics = new Metrics('test');
  await work(metrics);
  const server = createMetricsServer(metrics);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = \`http://127.0.0.1:\${server.address().port}\`;
  try {
    assert.equal((await fetch(\`\${base}/healthz\`)).status, 200);
    assert.match(await (await fetch(\`\${base}/metrics\`)).text(), /^work_iterations_total 1$/m);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
`;

const JOB_TEST = `'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { run } = require('../src/job');

test('the job runs to completion and reports a summary', async () => {
  const summary = await run();
  assert.equal(typeof summary.processed, 'number');
});
`;

/** The Node.js skeleton: plain `node:http`, no framework, tests on node's built-in runner (`npm test`). */
export function nodeSkeleton(workload: ResolvedWorkload): RuntimeSkeleton {
  const s = workload.service;
  const entry = workload.strategy === Strategy.HTTP_SERVICE ? 'server' : workload.strategy === Strategy.WORKER ? 'worker' : 'job';
  const files: Record<string, string> = {};
  if (entry === 'server') Object.assign(files, { 'src/server.js': server(s), 'src/metrics.js': METRICS_JS, 'test/server.test.js': SERVER_TEST });
  if (entry === 'worker') Object.assign(files, { 'src/worker.js': worker(s), 'src/metrics.js': METRICS_JS, 'test/worker.test.js': WORKER_TEST });
  if (entry === 'job') Object.assign(files, { 'src/job.js': job(s), 'test/job.test.js': JOB_TEST });
  const ports = workload.httpPort !== undefined ? `${workload.httpPort} ${workload.metricsPort}` : `${workload.metricsPort}`;
  const dockerfile = `# Node.js ${entry}: dependencies are installed in the build stage; the final stage is distroless,
# non-root, and receives only the application and its production dependencies.
FROM ${BASE_IMAGES.nodeBuild} AS build
WORKDIR /app
COPY package.json package-lock.json* ./
RUN mkdir -p node_modules && if [ -f package-lock.json ]; then npm ci --omit=dev --ignore-scripts --no-audit --no-fund; fi
COPY src/ ./src/

FROM ${BASE_IMAGES.nodeRuntime}
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/src ./src
USER 10001:10001
${entry === 'job' ? '' : `EXPOSE ${ports}\n`}CMD ["src/${entry}.js"]
`;
  return { files, dockerfile, testCommand: 'node --test', gitignore: ['node_modules/'], dockerignore: ['node_modules/', 'test/'] };
}
