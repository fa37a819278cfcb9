import * as path from 'path';
import { Adoption, AdoptionReport, AdoptedWorkload } from '../../src/adopt';
import { FINDING_CODES } from '../../src/adopt/finding-codes';
import { Contract } from '../../src/contract';

// The example application: examples/adopt/shop (12 workloads, one kustomize directory, multi-document files).
const ROOT = path.resolve(__dirname, '../..');
const SHOP = 'examples/adopt/shop';
let report: AdoptionReport;
const workload = (service: string): AdoptedWorkload => {
  const w = report.workloads.find((x) => x.service === service);
  if (!w) throw new Error(`no workload ${service}`);
  return w;
};

beforeAll(() => {
  report = Adoption.analyze([SHOP], { cwd: ROOT });
});

describe('the share', () => {
  test('1 as-is, 5 with changes, 6 not adoptable: 6/12 (50%), below the 80% of criterion 1', () => {
    expect(report.share).toEqual({
      total: 12,
      asIs: 1,
      withChanges: 5,
      notAdoptable: 6,
      adoptable: 6,
      percent: 50,
      asIsPercent: 8,
      figure: '6/12 (50%)',
      thresholdPercent: 80,
      meetsCriterion: false,
    });
    expect(report.issues).toEqual([]);
    expect(report.sources).toBe(10); // 9 files + the rendered orders/ kustomization (README.md is not read)
  });

  test('every workload gets its verdict', () => {
    expect(Object.fromEntries(report.workloads.map((w) => [w.service, w.verdict]))).toEqual({
      'cart': 'not-adoptable',
      'cart-redis': 'not-adoptable',
      'catalog': 'with-changes',
      'legacy-importer': 'not-adoptable',
      'order-fulfilment-worker-eu-west-1': 'with-changes',
      'orders': 'with-changes',
      'payments': 'not-adoptable',
      'pricing': 'with-changes',
      'recommendations-v2': 'not-adoptable',
      'sitemap-builder': 'as-is',
      'storefront': 'not-adoptable',
      'weekly-digest': 'with-changes',
    });
  });

  test('the PostgreSQL only the fulfilment worker uses is not counted: it becomes its database', () => {
    expect(report.absorbed).toEqual([expect.objectContaining({
      object: 'StatefulSet shop/fulfilment-postgres', file: `${SHOP}/fulfilment.yaml`, into: 'order-fulfilment-worker-eu-west-1',
    })]);
  });

  test('objects that are neither workloads nor attached to one are skipped and counted per kind', () => {
    expect(report.skipped).toEqual([
      { kind: 'apps/v1/DaemonSet', count: 1 },
      { kind: 'v1/ConfigMap', count: 2 },
      { kind: 'v1/Namespace', count: 1 },
      { kind: 'v1/ServiceAccount', count: 1 },
    ]);
  });
});

/** field → [value, evidence as `object field` (line)] for every workload. */
const K = '(kubectl kustomize)';
const EXPECTED: Record<string, Record<string, [string, string[]]>> = {
  'storefront': {
    service: ['storefront', ['Deployment shop/storefront metadata.name :4']],
    strategy: ['http-service', ['Service shop/storefront spec.selector :53']],
    exposure: ['public-http', ['Ingress shop/storefront spec.rules[0].http.paths[0].backend.service.name :79']],
    database: ['none', []],
    size: ['medium', ['Deployment shop/storefront spec.template.spec.containers[0].resources :39']],
    runtime: ['node', ['Deployment shop/storefront spec.template.spec.containers[0].image :21']],
  },
  'catalog': {
    service: ['catalog', ['Deployment shop/catalog metadata.name :4']],
    strategy: ['http-service', ['Service shop/catalog spec.selector :48']],
    exposure: ['internal-http', ['Service shop/catalog spec :47']],
    database: ['none', []],
    size: ['large', ['Deployment shop/catalog spec.template.spec.containers[0].resources :28']],
    runtime: ['go', ['Deployment shop/catalog spec.template.spec.containers[0].image :17']],
  },
  'pricing': {
    service: ['pricing', ['Deployment shop/pricing metadata.name :4']],
    strategy: ['http-service', ['Service shop/pricing spec.selector :50']],
    exposure: ['internal-http', ['Service shop/pricing spec.type :48']],
    database: ['none', []],
    size: ['small', ['Deployment shop/pricing spec.template.spec.containers[0].resources :35']],
    runtime: ['java', ['Deployment shop/pricing spec.template.spec.containers[0].image :17']],
  },
  'recommendations-v2': {
    service: ['recommendations-v2', ['Deployment shop/recommendations.v2 metadata.name :4']],
    strategy: ['http-service', ['Service shop/recommendations spec.selector :63']],
    exposure: ['internal-http', ['Service shop/recommendations spec :62']],
    database: ['none', []],
    size: ['large', ['Deployment shop/recommendations.v2 spec.template.spec.containers[0].resources :23']],
    runtime: ['python', ['Deployment shop/recommendations.v2 spec.template.spec.containers[0].image :18']],
  },
  'cart': {
    service: ['cart', ['Deployment shop/cart metadata.name :4']],
    strategy: ['http-service', ['Service shop/cart spec.selector :47']],
    exposure: ['internal-http', ['Service shop/cart spec :46']],
    database: ['none', []],
    size: ['small', ['Deployment shop/cart spec.template.spec.containers[0].resources :33']],
    runtime: ['container', ['Deployment shop/cart spec.template.spec.containers[0].image :17']],
  },
  'cart-redis': {
    service: ['cart-redis', ['StatefulSet shop/cart-redis metadata.name :56']],
    strategy: ['http-service', ['Service shop/cart-redis spec.selector :94']],
    exposure: ['internal-http', ['Service shop/cart-redis spec :93']],
    database: ['none', []],
    size: ['small', ['StatefulSet shop/cart-redis spec.template.spec.containers[0].resources :70']],
    runtime: ['container', ['StatefulSet shop/cart-redis spec.template.spec.containers[0].image :71']],
  },
  'orders': {
    service: ['orders', [`Deployment shop/orders metadata.name ${K}`]],
    strategy: ['http-service', [`Service shop/orders spec.selector ${K}`]],
    exposure: ['internal-http', [`Service shop/orders spec ${K}`]],
    database: ['postgres', [
      `Deployment shop/orders spec.template.spec.initContainers[0].env[0].valueFrom.secretKeyRef.name ${K}`,
      `Deployment shop/orders spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name ${K}`,
      `Cluster shop/orders-db kind ${K}`,
    ]],
    size: ['medium', [`Deployment shop/orders spec.template.spec.containers[0].resources ${K}`]],
    runtime: ['java', [`Deployment shop/orders spec.template.spec.containers[0].image ${K}`]],
  },
  'payments': {
    service: ['payments', ['Deployment shop/payments metadata.name :5']],
    strategy: ['http-service', ['Service shop/payments spec.selector :54']],
    exposure: ['public-http', ['Service shop/payments spec.type :52']],
    database: ['none', []],
    size: ['medium', ['Deployment shop/payments spec.template.spec.containers[0].resources :39']],
    runtime: ['container', ['Deployment shop/payments spec.template.spec.containers[0].image :20']],
  },
  'order-fulfilment-worker-eu-west-1': {
    service: ['order-fulfilment-worker-eu-west-1', ['Deployment shop/order-fulfilment-worker-eu-west-1-primary-shard metadata.name :5']],
    strategy: ['worker', ['Deployment shop/order-fulfilment-worker-eu-west-1-primary-shard spec.template.metadata.labels :15']],
    exposure: ['none', ['Deployment shop/order-fulfilment-worker-eu-west-1-primary-shard spec.template.metadata.labels :15']],
    database: ['postgres', [
      'Deployment shop/order-fulfilment-worker-eu-west-1-primary-shard spec.template.spec.containers[0].env[0].value :23',
      'StatefulSet shop/fulfilment-postgres spec.template.spec.containers[0].image :56',
    ]],
    size: ['small', ['Deployment shop/order-fulfilment-worker-eu-west-1-primary-shard spec.template.spec.containers[0].resources :32']],
    runtime: ['python', ['Deployment shop/order-fulfilment-worker-eu-west-1-primary-shard spec.template.spec.containers[0].image :19']],
  },
  'sitemap-builder': {
    service: ['sitemap-builder', ['CronJob shop/sitemap-builder metadata.name :4']],
    strategy: ['scheduled-job', ['CronJob shop/sitemap-builder kind :2']],
    schedule: ['15 3 * * *', ['CronJob shop/sitemap-builder spec.schedule :7']],
    exposure: ['none', ['CronJob shop/sitemap-builder kind :2']],
    database: ['none', []],
    size: ['small', ['CronJob shop/sitemap-builder spec.jobTemplate.spec.template.spec.containers[0].resources :17']],
    runtime: ['node', ['CronJob shop/sitemap-builder spec.jobTemplate.spec.template.spec.containers[0].image :15']],
  },
  'weekly-digest': {
    service: ['weekly-digest', ['CronJob shop/weekly-digest metadata.name :27']],
    strategy: ['scheduled-job', ['CronJob shop/weekly-digest kind :25']],
    schedule: ['0 8 * * 1', ['CronJob shop/weekly-digest spec.schedule :30']],
    exposure: ['none', ['CronJob shop/weekly-digest kind :25']],
    database: ['none', []],
    size: ['small', ['CronJob shop/weekly-digest spec.jobTemplate.spec.template.spec.containers[0].resources :38']],
    runtime: ['container', ['CronJob shop/weekly-digest spec.jobTemplate.spec.template.spec.containers[0].image :39']],
  },
  'legacy-importer': {
    service: ['legacy-importer', ['Job shop/legacy-importer metadata.name :48']],
    strategy: ['none', ['Job shop/legacy-importer kind :46']],
    exposure: ['none', ['Job shop/legacy-importer kind :46']],
    database: ['none', []],
    size: ['small', ['Job shop/legacy-importer spec.template.spec.containers[0].resources :56']],
    runtime: ['container', ['Job shop/legacy-importer spec.template.spec.containers[0].image :57']],
  },
};

describe('inferred contracts, every field with its evidence', () => {
  test.each(Object.keys(EXPECTED))('%s', (service) => {
    const w = workload(service);
    const got: Record<string, [string, string[]]> = {};
    for (const i of w.inferences) {
      got[i.field] = [i.value, i.evidence.map((e) => `${e.object} ${e.field} ${e.line !== undefined ? `:${e.line}` : e.file.slice(`${SHOP}/orders/ `.length)}`)];
      expect(i.rule).not.toBe('');
    }
    expect(got).toEqual(EXPECTED[service]);
    // Contract order, and the file each piece of evidence comes from is the workload's own or a file of the input.
    expect(w.inferences.map((i) => i.field)).toEqual(Object.keys(EXPECTED[service]));
    for (const e of w.inferences.flatMap((i) => i.evidence)) expect(e.file.startsWith(`${SHOP}/`)).toBe(true);
  });

  test('rules name what changed a name and why a size was chosen', () => {
    expect(workload('recommendations-v2').inferences[0].rule).toBe('the workload\'s name: characters other than a-z, 0-9 and "-" replaced by "-"');
    expect(workload('order-fulfilment-worker-eu-west-1').inferences[0].rule).toMatch(/shortened to at most 40 characters at a "-"/);
    expect(workload('catalog').inferences.find((i) => i.field === 'size')!.rule)
      .toBe('nearest size class to cpuRequest 400m, memoryRequest 512Mi, cpuLimit 2, memoryLimit 1Gi: large (requests 500m/512Mi, limits 2/1Gi)');
    expect(workload('weekly-digest').inferences.find((i) => i.field === 'size')!.rule).toMatch(/^no requests or limits: the platform default/);
    expect(workload('catalog').inferences.find((i) => i.field === 'runtime')!.rule).toBe('the image name says "go"');
  });

  test('attached objects are found by selector, backend and scale target', () => {
    expect(workload('storefront').attached).toEqual([
      'Service shop/storefront', 'Ingress shop/storefront', 'HorizontalPodAutoscaler shop/storefront',
      'PodDisruptionBudget shop/storefront', 'NetworkPolicy shop/storefront-from-ingress',
    ]);
    expect(workload('order-fulfilment-worker-eu-west-1').attached).toEqual([]);
    expect(workload('cart-redis').attached).toEqual(['Service shop/cart-redis']);
  });
});

/** Every finding per workload as `impact code field`. */
const FINDINGS: Record<string, string[]> = {
  'storefront': [
    'blocks blocked-call Deployment shop/storefront spec.template.spec.containers[0].env[0].value',
    'blocks blocked-call Deployment shop/storefront spec.template.spec.containers[0].env[1].value',
    'changes-behaviour ingress-host Ingress shop/storefront spec.rules',
    'loses disruption-budget PodDisruptionBudget shop/storefront spec',
    'loses env-var Deployment shop/storefront spec.template.spec.containers[0].env[0].value',
    'loses env-var Deployment shop/storefront spec.template.spec.containers[0].env[1].value',
    'loses network-policy NetworkPolicy shop/storefront-from-ingress spec',
  ],
  'catalog': [
    'changes-behaviour address-change Service shop/catalog metadata.name',
    'changes-behaviour container-port Deployment shop/catalog spec.template.spec.containers[0].ports[0].containerPort',
    'changes-behaviour custom-probe Deployment shop/catalog spec.template.spec.containers[0].livenessProbe',
    'changes-behaviour custom-probe Deployment shop/catalog spec.template.spec.containers[0].readinessProbe',
    'changes-behaviour resources Deployment shop/catalog spec.template.spec.containers[0].resources',
    'changes-behaviour volume Deployment shop/catalog spec.template.spec.volumes[0].emptyDir',
    'loses autoscaler HorizontalPodAutoscaler shop/catalog spec',
  ],
  'pricing': [
    'changes-behaviour address-change Service shop/pricing metadata.name',
    'loses env-var Deployment shop/pricing spec.template.spec.containers[0].env[0].value',
  ],
  'recommendations-v2': [
    'blocks extra-container Deployment shop/recommendations.v2 spec.template.spec.containers[1].name',
    'changes-behaviour address-change Service shop/recommendations metadata.name',
    'changes-behaviour container-port Deployment shop/recommendations.v2 spec.template.spec.containers[0].ports[0].containerPort',
    'changes-behaviour custom-probe Deployment shop/recommendations.v2 spec.template.spec.containers[0].name',
    'changes-behaviour custom-probe Deployment shop/recommendations.v2 spec.template.spec.containers[0].name',
    'changes-behaviour fixed-replicas Deployment shop/recommendations.v2 spec.replicas',
    'changes-behaviour name-changed Deployment shop/recommendations.v2 metadata.name',
    'changes-behaviour resources Deployment shop/recommendations.v2 spec.template.spec.containers[0].resources',
    'changes-behaviour volume Deployment shop/recommendations.v2 spec.template.spec.volumes[0].emptyDir',
    'loses config-map Deployment shop/recommendations.v2 spec.template.spec.volumes[1].configMap.name',
  ],
  'cart': [
    'blocks datastore Deployment shop/cart spec.template.spec.containers[0].env[0].value',
    'changes-behaviour address-change Service shop/cart metadata.name',
    'changes-behaviour container-port Deployment shop/cart spec.template.spec.containers[0].ports[0].containerPort',
    'loses env-var Deployment shop/cart spec.template.spec.containers[0].env[0].value',
  ],
  'cart-redis': [
    'blocks datastore StatefulSet shop/cart-redis spec.template.spec.containers[0].image',
    'blocks volume StatefulSet shop/cart-redis spec.volumeClaimTemplates[0].metadata.name',
    'changes-behaviour address-change Service shop/cart-redis metadata.name',
    'changes-behaviour container-port StatefulSet shop/cart-redis spec.template.spec.containers[0].ports[0].containerPort',
    'changes-behaviour custom-probe StatefulSet shop/cart-redis spec.template.spec.containers[0].name',
    'changes-behaviour custom-probe StatefulSet shop/cart-redis spec.template.spec.containers[0].name',
    'changes-behaviour fixed-replicas StatefulSet shop/cart-redis spec.replicas',
    'changes-behaviour resources StatefulSet shop/cart-redis spec.template.spec.containers[0].resources',
    'changes-behaviour stateful-set StatefulSet shop/cart-redis kind',
  ],
  'orders': [
    'changes-behaviour address-change Service shop/orders metadata.name',
    'changes-behaviour database-migration Deployment shop/orders spec.template.spec.initContainers[0].env[0].valueFrom.secretKeyRef.name',
    'changes-behaviour init-container Deployment shop/orders spec.template.spec.initContainers[0].name',
    'changes-behaviour secret Deployment shop/orders spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name',
    'loses config-map Deployment shop/orders spec.template.spec.containers[0].envFrom[0].configMapRef.name',
  ],
  'payments': [
    'blocks runs-as-root Deployment shop/payments spec.template.spec.securityContext.runAsUser',
    'blocks secret Deployment shop/payments spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name',
    'changes-behaviour service-type Service shop/payments spec.type',
  ],
  'order-fulfilment-worker-eu-west-1': [
    'changes-behaviour custom-probe Deployment shop/order-fulfilment-worker-eu-west-1-primary-shard spec.template.spec.containers[0].name',
    'changes-behaviour custom-probe Deployment shop/order-fulfilment-worker-eu-west-1-primary-shard spec.template.spec.containers[0].name',
    'changes-behaviour database-migration Deployment shop/order-fulfilment-worker-eu-west-1-primary-shard spec.template.spec.containers[0].env[0].value',
    'changes-behaviour env-var Deployment shop/order-fulfilment-worker-eu-west-1-primary-shard spec.template.spec.containers[0].env[0].value',
    'changes-behaviour env-var Deployment shop/order-fulfilment-worker-eu-west-1-primary-shard spec.template.spec.containers[0].env[1].value',
    'changes-behaviour fixed-replicas Deployment shop/order-fulfilment-worker-eu-west-1-primary-shard spec.replicas',
    'changes-behaviour name-changed Deployment shop/order-fulfilment-worker-eu-west-1-primary-shard metadata.name',
    'changes-behaviour secret Deployment shop/order-fulfilment-worker-eu-west-1-primary-shard spec.template.spec.containers[0].env[2].valueFrom.secretKeyRef.name',
  ],
  'sitemap-builder': [],
  'weekly-digest': [
    'changes-behaviour resources CronJob shop/weekly-digest spec.jobTemplate.spec.template.spec.containers[0].resources',
    'changes-behaviour schedule-time-zone CronJob shop/weekly-digest spec.timeZone',
    'loses env-var CronJob shop/weekly-digest spec.jobTemplate.spec.template.spec.containers[0].env[0].value',
  ],
  'legacy-importer': [
    'blocks host-namespace Job shop/legacy-importer spec.template.spec.hostNetwork',
    'blocks one-off-job Job shop/legacy-importer kind',
    'blocks privileged Job shop/legacy-importer spec.template.spec.containers[0].securityContext.capabilities.add',
    'blocks volume Job shop/legacy-importer spec.template.spec.volumes[0].hostPath',
    'changes-behaviour resources Job shop/legacy-importer spec.template.spec.containers[0].resources',
  ],
};

describe('findings: what the contract cannot express', () => {
  test.each(Object.keys(FINDINGS))('%s', (service) => {
    const w = workload(service);
    expect(w.findings.map((f) => `${f.impact} ${f.code} ${f.evidence.object} ${f.evidence.field}`)).toEqual(FINDINGS[service]);
    for (const f of w.findings) {
      expect(f.message).not.toBe('');
      expect(f.change).not.toBe('');
    }
  });

  test('the example triggers every finding code, and no code outside the table', () => {
    const used = new Set(report.workloads.flatMap((w) => w.findings.map((f) => f.code)));
    expect([...used].sort()).toEqual(FINDING_CODES.map((c) => c.code).sort());
  });

  test('messages name the value found', () => {
    const msg = (service: string, code: string) => workload(service).findings.filter((f) => f.code === code).map((f) => f.message);
    expect(msg('catalog', 'container-port')).toEqual(['the container serves gRPC on port 50051 ("grpc")']);
    expect(msg('storefront', 'blocked-call')).toEqual(['CATALOG_ADDR calls Service shop/catalog', 'CART_URL calls Service shop/cart']);
    expect(msg('cart', 'datastore')).toEqual(['REDIS_URL points at Redis (Service shop/cart-redis)']);
    expect(msg('payments', 'runs-as-root')).toEqual(['the pod runs as root (runAsUser: 0)']);
    expect(msg('recommendations-v2', 'extra-container')).toEqual(['container "log-shipper" runs beside the application container "recommendations"']);
    expect(msg('catalog', 'autoscaler')).toEqual(['scales 2-20 replicas on cpu 60']);
    expect(msg('orders', 'database-migration')).toEqual(['it uses the existing PostgreSQL Cluster shop/orders-db']);
    expect(msg('catalog', 'address-change')).toEqual(['callers reach it at catalog.shop.svc:50051']);
  });
});

describe('contracts written for adoptable workloads', () => {
  test('adoptable workloads have a zave.yaml the contract parser accepts, with the inferred values', () => {
    for (const w of report.workloads) {
      if (w.verdict === 'not-adoptable') {
        expect(w.contractYaml).toBeUndefined();
        continue;
      }
      const parsed = Contract.parse(w.contractYaml!, `${w.service}/zave.yaml`);
      expect(parsed.issues).toEqual([]);
      const v = (f: string) => w.inferences.find((i) => i.field === f)?.value;
      expect(parsed.contract).toEqual({
        apiVersion: 'zave.dev/v1',
        service: w.service,
        strategy: v('strategy'),
        exposure: v('exposure'),
        database: v('database'),
        size: v('size'),
        runtime: v('runtime'),
        ...(v('schedule') ? { schedule: v('schedule') } : {}),
      });
      const resolved = Contract.resolve(parsed.contract!);
      expect(resolved.strategy).toBe(v('strategy'));
    }
  });

  test('the contract of the as-is CronJob', () => {
    expect(workload('sitemap-builder').contractYaml).toBe([
      `# Adopted by zave adopt from CronJob shop/sitemap-builder (${SHOP}/jobs.yaml).`,
      '# Nothing in the manifests was lost or changed.',
      'apiVersion: zave.dev/v1',
      'database: none',
      'exposure: none',
      'runtime: node',
      'schedule: 15 3 * * *',
      'service: sitemap-builder',
      'size: small',
      'strategy: scheduled-job',
      '',
    ].join('\n'));
  });
});

describe('renderers', () => {
  test('analysis is deterministic', () => {
    expect(Adoption.renderJson(Adoption.analyze([SHOP], { cwd: ROOT }))).toBe(Adoption.renderJson(report));
  });

  test('markdown: the share table, one row per workload, every finding', () => {
    const md = Adoption.renderMarkdown(report);
    expect(md).toContain('### zave adopt: 6 of 12 workloads adoptable (50%)');
    expect(md).toContain('| adoptable as-is | 1 | 8% |');
    expect(md).toContain('| adoptable with listed changes | 5 | 41% |');
    expect(md).toContain('| not adoptable | 6 | 50% |');
    expect(md).toContain('| **contract-driven after adoption** (criterion 1 needs ≥ 80%) | **6/12** | **50%** ❌ |');
    expect(md).toContain('| `sitemap-builder` | CronJob shop/sitemap-builder | scheduled-job `15 3 * * *` | none | none | small | node | adoptable as-is | 0 / 0 / 0 |');
    const findingRows = md.split('\n').filter((l) => /^\| `[a-z0-9-]+` \| (blocks|changes-behaviour|loses) \|/.test(l));
    expect(findingRows).toHaveLength(report.workloads.reduce((n, w) => n + w.findings.length, 0));
    expect(md).toMatchSnapshot();
  });

  test('text: summary first, then each workload', () => {
    const text = Adoption.renderText(report);
    expect(text.split('\n').slice(0, 5)).toEqual([
      'zave adopt: 12 workloads in 10 sources (34 objects)',
      '  adoptable as-is         1',
      '  adoptable with changes  5',
      '  not adoptable           6',
      '  contract-driven after adoption: 6/12 (50%); criterion 1 needs >= 80%: not met',
    ]);
    expect(text).toContain('sitemap-builder: adoptable as-is  [CronJob shop/sitemap-builder, examples/adopt/shop/jobs.yaml]');
  });
});
