/*
 * Not a test: measures renderWorkload over 3000 renders (8 workload shapes x 3 environments, as the
 * GitOps synth of 1000 workloads does). Reports CPU ms per render (min of 5 runs: CPU time is less
 * disturbed than wall time on a shared machine) and the cost of serializing the same objects.
 * Run: npx ts-node --transpile-only test/strategies/render-speed.ts
 */
import { App, Chart } from 'cdk8s';
import { combinations, ENVIRONMENTS, TAG_IMAGE, workloadFor } from './environments';
import { canonicalize, toYaml } from '../../src/common/yaml-output';
import { StrategyRegistry } from '../../src/strategies/registry';
import { renderWorkload } from '../../src/strategies/render';

const workloads = combinations().map((c) => workloadFor(c));
const N = 3000;
const args = (i: number) => ({ workload: workloads[i % workloads.length], environment: ENVIRONMENTS[i % 3], image: TAG_IMAGE });

function cpuMs(f: (i: number) => unknown, runs = 5): number {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < N; i++) f(i);
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  return Math.min(...times);
}

const build = (i: number) => {
  const a = args(i);
  const chart = new Chart(new App({ outdir: '.' }), a.workload.service, { disableResourceNameHashes: true });
  StrategyRegistry.create(chart, 'Workload', a);
  return chart;
};
const render = cpuMs((i) => { const a = args(i); return renderWorkload(a.workload, a.environment, a.image); });
const onlyBuild = cpuMs(build);
const buildJson = cpuMs((i) => build(i).toJson());
const rendered = Array.from({ length: N }, (_, i) => renderWorkload(args(i).workload, args(i).environment, args(i).image));
const canon = cpuMs((i) => rendered[i].map(canonicalize));
const yaml = cpuMs((i) => rendered[i].map(toYaml), 1);
const count = rendered.reduce((n, objs) => n + objs.length, 0);
const per = (ms: number) => `${(ms / N).toFixed(3)} ms/render`;
console.log(`renderWorkload x${N} (${count} objects): ${render.toFixed(0)} ms CPU = ${per(render)}`);
console.log(`  construct tree only:            ${per(onlyBuild)}`);
console.log(`  + chart.toJson():               ${per(buildJson)}`);
console.log(`  canonicalize of the output:     ${per(canon)}`);
console.log(`toYaml of the same objects:       ${yaml.toFixed(0)} ms CPU = ${per(yaml)}`);
