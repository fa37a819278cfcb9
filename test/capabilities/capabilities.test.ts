import { App, Chart, JsonPatch, Testing } from 'cdk8s';
import { ClusterService } from '../../src/capabilities/cluster-service';
import { ManifestObject } from '../../src/capabilities/manifest-object';
import { WorkloadNaming } from '../../src/capabilities/naming';
import { NetworkAllow } from '../../src/capabilities/network-allow';
import { PostgresDatabase } from '../../src/capabilities/postgres-database';
import { PublicIngress } from '../../src/capabilities/public-ingress';
import { Strategy } from '../../src/contract/enums';
import { HttpService } from '../../src/strategies/http-service';
import { StrategyRegistry } from '../../src/strategies/registry';
import { ScheduledJob } from '../../src/strategies/scheduled-job';
import { Worker } from '../../src/strategies/worker';
import { combinations, DEV, PROD, TAG_IMAGE, workloadFor } from '../strategies/environments';

const [publicPg, , internalPg, internalPlain, workerPg, , jobPg] = combinations();
const chart = () => new Chart(new App({ outdir: '.' }), 'test', { disableResourceNameHashes: true });

describe('ManifestObject', () => {
  test('serializes its body and honours later metadata changes and JSON patches', () => {
    const c = chart();
    const obj = new ManifestObject(c, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'ns' }, body: { data: { a: 'b' } } });
    obj.metadata.addLabel('team', 'payments');
    expect(obj.toJson()).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'ns', labels: { team: 'payments' } }, data: { a: 'b' } });
    obj.addJsonPatch(JsonPatch.add('/data/c', 'd'));
    expect(obj.toJson().data).toEqual({ a: 'b', c: 'd' });
  });

  test('requires a name from the caller', () => {
    expect(() => new ManifestObject(chart(), 'x', { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} })).toThrow(/metadata.name is required/);
  });
});

describe('constructs check their props eagerly', () => {
  test.each([
    ['ClusterService for a worker', () => new ClusterService(chart(), 's', { workload: workloadFor(workerPg), environment: DEV }), /only an http-service gets a Service/],
    ['PublicIngress for internal-http', () => new PublicIngress(chart(), 'i', { workload: workloadFor(internalPg), environment: DEV }), /exposure is internal-http; only public-http/],
    ['PostgresDatabase without postgres', () => new PostgresDatabase(chart(), 'd', { workload: workloadFor(internalPlain), environment: DEV }), /database is none/],
    ['PostgresDatabase with 0 instances', () => new PostgresDatabase(chart(), 'd', { workload: workloadFor(publicPg), environment: { ...DEV, databaseInstances: 0 } }), /databaseInstances 0/],
    ['HttpService for a worker', () => new HttpService(chart(), 'h', { workload: workloadFor(workerPg), environment: DEV, image: TAG_IMAGE }), /no HTTP port/],
    ['Worker for a job', () => new Worker(chart(), 'w', { workload: workloadFor(jobPg), environment: DEV, image: TAG_IMAGE }), /has no probes/],
    ['ScheduledJob without schedule', () => new ScheduledJob(chart(), 'j', { workload: workloadFor(workerPg), environment: DEV, image: TAG_IMAGE }), /no schedule is set/],
    ['NetworkAllow without peer', () => new NetworkAllow(chart(), 'n', { workload: workloadFor(workerPg), environment: DEV, name: 'x', direction: 'Egress', ports: [{ port: 1 }] }), /no peer given/],
    ['NetworkAllow with port 0', () => new NetworkAllow(chart(), 'n', { workload: workloadFor(workerPg), environment: DEV, name: 'x', direction: 'Egress', anyNamespace: true, ports: [{ port: 0 }] }), /outside 1-65535/],
    ['an instance label over 63 characters', () => WorkloadNaming.of(workloadFor(workerPg, 'a'.repeat(40)), { ...DEV, name: 'e'.repeat(30) }), /labels allow 63/],
  ])('%s', (_what, build, message) => {
    expect(build).toThrow(message);
  });
});

describe('StrategyRegistry', () => {
  test('maps each strategy to its construct', () => {
    expect(StrategyRegistry.strategies().map((s) => StrategyRegistry.constructName(s))).toEqual(['HttpService', 'Worker', 'ScheduledJob']);
    expect(StrategyRegistry.create(chart(), 'w', { workload: workloadFor(publicPg), environment: PROD, image: TAG_IMAGE })).toBeInstanceOf(HttpService);
    expect(StrategyRegistry.create(chart(), 'w', { workload: workloadFor(workerPg), environment: PROD, image: TAG_IMAGE })).toBeInstanceOf(Worker);
    expect(StrategyRegistry.create(chart(), 'w', { workload: workloadFor(jobPg), environment: PROD, image: TAG_IMAGE })).toBeInstanceOf(ScheduledJob);
  });

  test('an unknown strategy is a programming error naming the allowed values', () => {
    const workload = { ...workloadFor(publicPg), strategy: 'batch' as Strategy };
    expect(() => StrategyRegistry.create(chart(), 'w', { workload, environment: PROD, image: TAG_IMAGE }))
      .toThrow('unknown strategy "batch"; expected one of http-service, worker, scheduled-job');
  });

  test('constructs compose in a plain cdk8s chart without hash labels', () => {
    const c = Testing.chart();
    new HttpService(c, 'api', { workload: workloadFor(publicPg, 'api'), environment: PROD, image: TAG_IMAGE });
    const out = Testing.synth(c);
    expect(JSON.stringify(out)).not.toContain('cdk8s.io/metadata.addr');
    expect(out.find((o: any) => o.kind === 'Deployment').metadata.name).toBe('api');
  });
});
