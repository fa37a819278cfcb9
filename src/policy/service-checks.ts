import { selects } from './labels';
import { ViolationSink } from './sink';
import { podTemplatesOf } from './workload-checks';

/** S1–S3 on a Service. */
export function checkService(obj: any, objects: readonly any[], sink: ViolationSink): void {
  const spec = obj.spec ?? {};
  if (spec.type !== undefined && spec.type !== 'ClusterIP') sink.add('S1', 'spec.type', `Service type ${spec.type}; expose through an Ingress, keep Services ClusterIP`);
  const selector = spec.selector;
  const pods = podTemplatesOf(objects).filter((p) => p.obj.metadata?.namespace === obj.metadata?.namespace);
  if (!selector || Object.keys(selector).length === 0) {sink.add('S2', 'spec.selector', 'the Service has no selector');} else if (!pods.some((p) => selects({ matchLabels: selector }, p.template?.metadata?.labels ?? {}))) {
    sink.add('S2', 'spec.selector', `selector ${JSON.stringify(selector)} matches no rendered pod template`);
  }
  (spec.ports ?? []).forEach((p: any, i: number) => {
    if (!p.name) sink.add('S3', `spec.ports[${i}].name`, `port ${p.port} has no name`);
    if (p.port === 22 || p.targetPort === 22) sink.add('S3', `spec.ports[${i}]`, 'port 22 (SSH) is exposed');
  });
}

/** I1–I3 on an Ingress. */
export function checkIngress(obj: any, objects: readonly any[], sink: ViolationSink): void {
  const spec = obj.spec ?? {};
  if (!spec.ingressClassName) sink.add('I2', 'spec.ingressClassName', 'no explicit ingressClassName');
  const tlsHosts = new Set<string>();
  (spec.tls ?? []).forEach((t: any, i: number) => {
    if (!t.secretName) sink.add('I1', `spec.tls[${i}].secretName`, 'TLS entry without a secretName');
    for (const h of t.hosts ?? []) tlsHosts.add(h);
  });
  if (!spec.rules || spec.rules.length === 0) sink.add('I2', 'spec.rules', 'the Ingress has no rules (a default backend catches every host)');
  if (spec.defaultBackend) sink.add('I2', 'spec.defaultBackend', 'a default backend catches every host');
  (spec.rules ?? []).forEach((r: any, i: number) => {
    if (!r.host) sink.add('I2', `spec.rules[${i}].host`, 'rule without a host');
    else if (r.host.includes('*')) sink.add('I2', `spec.rules[${i}].host`, `wildcard host ${r.host}`);
    else if (!tlsHosts.has(r.host)) sink.add('I1', 'spec.tls', `host ${r.host} is not covered by TLS`);
    (r.http?.paths ?? []).forEach((p: any, j: number) => {
      const at = `spec.rules[${i}].http.paths[${j}].backend.service`;
      const b = p.backend?.service;
      const svc = objects.find((o) => o.kind === 'Service' && o.metadata?.name === b?.name && o.metadata?.namespace === obj.metadata?.namespace);
      if (!svc) { sink.add('I3', at, `backend Service ${b?.name} is not rendered`); return; }
      const ok = (svc.spec?.ports ?? []).some((sp: any) => (b.port?.name !== undefined ? sp.name === b.port.name : sp.port === b.port?.number));
      if (!ok) sink.add('I3', `${at}.port`, `Service ${b.name} has no port ${b.port?.name ?? b.port?.number}`);
    });
  });
}
