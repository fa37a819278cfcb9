import { NetworkFlows } from '../../src/policy/network-flows';
import { renderWorkload } from '../../src/strategies/render';
import { combinations, DEV, TAG_IMAGE, workloadFor } from '../strategies/environments';

const objects = (): any[] => JSON.parse(JSON.stringify(renderWorkload(workloadFor(combinations()[2], 'ledger'), DEV, TAG_IMAGE)));

describe('NetworkFlows', () => {
  test('an internal-http service with a database: the flows, in notation', () => {
    expect(NetworkFlows.of(objects()).filter((f) => f.startsWith('Deployment'))).toEqual([
      'Deployment/ledger/ledger egress to Cluster/ledger/ledger-db TCP/5432',
      'Deployment/ledger/ledger egress to namespace:kube-system/pods:{"matchLabels":{"k8s-app":"kube-dns"}} TCP/53',
      'Deployment/ledger/ledger egress to namespace:kube-system/pods:{"matchLabels":{"k8s-app":"kube-dns"}} UDP/53',
      'Deployment/ledger/ledger ingress from namespace:* TCP/8080',
      'Deployment/ledger/ledger ingress from namespace:monitoring TCP/9090',
    ]);
  });

  test('an extra allow shows up as an extra flow, a rule without peers as "anywhere"', () => {
    const objs = objects();
    const prom = objs.find((o) => o.metadata.name === 'allow-prometheus');
    delete prom.spec.ingress[0].from;
    expect(NetworkFlows.of(objs)).toContain('Deployment/ledger/ledger ingress from anywhere TCP/9090');
  });

  test('a peer selecting no rendered pod is shown by its labels', () => {
    const objs = objects();
    objs.find((o) => o.metadata.name === 'allow-database').spec.egress[0].to[0].podSelector.matchLabels['cnpg.io/cluster'] = 'other-db';
    expect(NetworkFlows.of(objs)).toContain('Deployment/ledger/ledger egress to pods:{"matchLabels":{"cnpg.io/cluster":"other-db"}} TCP/5432');
  });
});
