import * as fs from 'fs';
import * as path from 'path';
import { PodMonitor, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import Ajv from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { CronJob } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';

/** A schema validator: throws (kubernetes-models) or returns false with errors (ajv). */
type Check = (data: unknown) => string | undefined;

function modelCheck(model: { prototype: { validate(): void } }): Check {
  return (data) => {
    try {
      model.prototype.validate.call(data);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  };
}

const cnpg = JSON.parse(fs.readFileSync(path.join(__dirname, 'cnpg-cluster-v1.schema.json'), 'utf8'));
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
const cnpgValidate = ajv.compile(cnpg.schema);
const cnpgCheck: Check = (data) => (cnpgValidate(data) ? undefined : ajv.errorsText(cnpgValidate.errors));

/** Validators by `apiVersion kind`: the real upstream schemas. */
const SCHEMAS: { [gvk: string]: Check } = {
  'v1 Namespace': modelCheck(Namespace),
  'v1 ServiceAccount': modelCheck(ServiceAccount),
  'v1 Service': modelCheck(Service),
  'apps/v1 Deployment': modelCheck(Deployment),
  'batch/v1 CronJob': modelCheck(CronJob),
  'autoscaling/v2 HorizontalPodAutoscaler': modelCheck(HorizontalPodAutoscaler),
  'policy/v1 PodDisruptionBudget': modelCheck(PodDisruptionBudget),
  'networking.k8s.io/v1 NetworkPolicy': modelCheck(NetworkPolicy),
  'networking.k8s.io/v1 Ingress': modelCheck(Ingress),
  'monitoring.coreos.com/v1 ServiceMonitor': modelCheck(ServiceMonitor),
  'monitoring.coreos.com/v1 PodMonitor': modelCheck(PodMonitor),
  [`${cnpg.group}/${cnpg.version} ${cnpg.kind}`]: cnpgCheck,
};
/** Kinds whose schema leaves `metadata` untyped (CRD schemas): metadata is checked against ObjectMeta. */
const UNTYPED_METADATA = new Set([`${cnpg.group}/${cnpg.version} ${cnpg.kind}`]);
const namespaceCheck = modelCheck(Namespace);
/** ObjectMeta checked through a Namespace wrapper (its metadata is a typed ObjectMeta). */
const objectMetaCheck: Check = (metadata) => namespaceCheck({ apiVersion: 'v1', kind: 'Namespace', metadata });

/** The `apiVersion kind` pairs this module can validate. */
export function knownKinds(): string[] {
  return Object.keys(SCHEMAS).sort();
}

/** Records which fields a validator reads: `all` when it enumerated the keys (a map). */
type Reads = Map<string, Set<string> | 'all'>;

function tracked(value: unknown, at: string, reads: Reads): unknown {
  if (value === null || typeof value !== 'object') return value;
  const mark = (key: string) => {
    const seen = reads.get(at);
    if (seen === 'all') return;
    if (seen) seen.add(key); else reads.set(at, new Set([key]));
  };
  return new Proxy(value as object, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(target, key)) return v;
      mark(key);
      return tracked(v, Array.isArray(target) ? `${at}[${key}]` : `${at}.${key}`, reads);
    },
    has(target, key) {
      if (typeof key === 'string') mark(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      reads.set(at, 'all');
      return Reflect.ownKeys(target);
    },
  });
}

function unknownFields(value: unknown, at: string, reads: Reads, out: string[]): void {
  if (value === null || typeof value !== 'object') return;
  const seen = reads.get(at);
  const isArray = Array.isArray(value);
  for (const key of Object.keys(value as object)) {
    const child = isArray ? `${at}[${key}]` : `${at}.${key}`;
    if (!isArray && seen !== 'all' && !(seen?.has(key))) {
      out.push(`unknown field ${child.slice(1)}`);
      continue;
    }
    unknownFields((value as any)[key], child, reads, out);
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const NAME_RULES: { [kind: string]: { re: RegExp; max: number; what: string } } = {
  Namespace: { re: DNS_LABEL, max: 63, what: 'a DNS-1123 label' },
  Service: { re: DNS_1035, max: 63, what: 'a DNS-1035 label' },
  CronJob: { re: DNS_SUBDOMAIN, max: 52, what: 'a DNS subdomain of at most 52 characters' },
};

function portNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `port name ${JSON.stringify(name)} is not a string`;
  if (name.length > 15 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.includes('--') || !/[a-z]/.test(name)) {
    return `port name "${name}" is not an IANA service name (≤ 15, lowercase alphanumeric and -, a letter)`;
  }
  return undefined;
}

/** Names, labels, ports: what the OpenAPI schemas do not check. */
function apiServerChecks(obj: any): string[] {
  const out: string[] = [];
  const md = obj.metadata ?? {};
  const rule = NAME_RULES[obj.kind] ?? { re: DNS_SUBDOMAIN, max: 253, what: 'a DNS subdomain' };
  if (typeof md.name !== 'string' || md.name.length > rule.max || !rule.re.test(md.name)) out.push(`metadata.name ${JSON.stringify(md.name)} is not ${rule.what}`);
  if (md.namespace !== undefined && (md.namespace.length > 63 || !DNS_LABEL.test(md.namespace))) out.push(`metadata.namespace "${md.namespace}" is not a DNS label`);
  const labelMaps: Array<[string, any]> = [];
  const walk = (v: any, at: string, parentKey: string): void => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) { v.forEach((x, i) => walk(x, `${at}[${i}]`, parentKey)); return; }
    for (const [k, x] of Object.entries(v)) {
      const p = `${at}.${k}`;
      if ((k === 'labels' || k === 'matchLabels') && x && typeof x === 'object') labelMaps.push([p, x]);
      if (k === 'selector' && (obj.kind === 'Service') && x && typeof x === 'object') labelMaps.push([p, x]);
      if (['containerPort', 'port', 'targetPort', 'hostPort'].includes(k) && typeof x === 'number' && (!Number.isInteger(x) || x < 1 || x > 65535)) {
        out.push(`${p.slice(1)} ${x} is outside 1-65535`);
      }
      if (['port', 'targetPort'].includes(k) && typeof x === 'string' && !/^[0-9]+$/.test(x)) {
        const problem = portNameProblem(x);
        if (problem) out.push(`${p.slice(1)}: ${problem}`);
      }
      if (k === 'name' && parentKey === 'ports') {
        const problem = portNameProblem(x);
        if (problem) out.push(`${p.slice(1)}: ${problem}`);
      }
      walk(x, p, k);
    }
  };
  walk(obj, '', '');
  for (const [at, map] of labelMaps) {
    for (const [k, v] of Object.entries(map)) {
      const slash = k.indexOf('/');
      const prefix = slash >= 0 ? k.slice(0, slash) : undefined;
      const name = slash >= 0 ? k.slice(slash + 1) : k;
      if ((prefix !== undefined && !DNS_SUBDOMAIN.test(prefix)) || name.length > 63 || !LABEL_NAME.test(name)) out.push(`${at.slice(1)}: invalid label key "${k}"`);
      if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) out.push(`${at.slice(1)}.${k}: invalid label value ${JSON.stringify(v)}`);
    }
  }
  return out;
}

/**
 * Validates one rendered object against its real schema, then reports unknown fields and what
 * the API server would reject beyond the schema. Returns the problems (empty when valid); an
 * object of an unknown kind is a problem too.
 */
export function validateObject(obj: any): string[] {
  const gvk = `${obj?.apiVersion} ${obj?.kind}`;
  const check = SCHEMAS[gvk];
  if (!check) return [`no schema for ${gvk}; known: ${knownKinds().join(', ')}`];
  const problems: string[] = [];
  const schemaError = check(obj);
  if (schemaError) problems.push(`schema: ${schemaError}`);
  const reads: Reads = new Map();
  check(tracked(obj, '', reads));
  if (UNTYPED_METADATA.has(gvk)) {
    const metaError = objectMetaCheck(obj.metadata);
    if (metaError) problems.push(`schema: metadata ${metaError}`);
    const metaReads: Reads = new Map();
    namespaceCheck({ apiVersion: 'v1', kind: 'Namespace', metadata: tracked(obj.metadata, '.metadata', metaReads) });
    for (const [at, seen] of metaReads) reads.set(at, seen);
  }
  unknownFields(obj, '', reads, problems);
  problems.push(...apiServerChecks(obj));
  return problems;
}
