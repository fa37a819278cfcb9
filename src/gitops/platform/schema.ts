import { z } from 'zod';
import { GITOPS_API_VERSION } from './platform';
import { cidrProblem } from '../../common/cidr';

/** Names the deploy/ layout uses itself; an environment cannot take them. */
export const RESERVED_ENVIRONMENT_NAMES = ['applications', 'bootstrap'] as const;

/** Longest environment name: `<env>-<service>` (Argo CD Application names) stays within 63 characters. */
export const MAX_ENVIRONMENT_NAME_LENGTH = 20;

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const REPO_URL = /^(https:\/\/[^\s]+|ssh:\/\/[^\s]+|git@[^\s:]+:[^\s]+|file:\/\/\/[^\s]+)$/;

function custom(ctx: z.RefinementCtx, message: string, hint: string): void {
  ctx.addIssue({ code: 'custom', message, params: { zave: 'invalid-value', hint } });
}

const envName = z.string().superRefine((v, ctx) => {
  if (!DNS_LABEL.test(v)) custom(ctx, `${JSON.stringify(v)} is not a DNS label (lower-case letters, digits and "-", starting with a letter)`, 'use a name such as dev, staging or prod');
  else if (v.length > MAX_ENVIRONMENT_NAME_LENGTH) custom(ctx, `${JSON.stringify(v)} is ${v.length} characters; at most ${MAX_ENVIRONMENT_NAME_LENGTH} are allowed (Argo CD Application names are <env>-<service>)`, 'shorten it, e.g. prod');
  else if ((RESERVED_ENVIRONMENT_NAMES as readonly string[]).includes(v)) custom(ctx, `"${v}" is reserved: deploy/${v}/ holds the Argo CD ${v === 'bootstrap' ? 'bootstrap' : 'Application'} files`, 'choose another environment name');
});

const dnsName = (what: string, example: string) => z.string().superRefine((v, ctx) => {
  if (!DNS_NAME.test(v)) custom(ctx, `${JSON.stringify(v)} is not a valid ${what} (lower-case DNS name)`, `for example ${example}`);
});

const label = (what: string, example: string) => z.string().superRefine((v, ctx) => {
  if (!DNS_LABEL.test(v) || v.length > 63) custom(ctx, `${JSON.stringify(v)} is not a valid ${what} (a DNS label of at most 63 characters)`, `for example ${example}`);
});

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** Address of the Kubernetes API server (its endpoints, not the Service IP), the only egress database pods get besides DNS. */
const apiServerCidr = z.string().superRefine((v, ctx) => {
  const problem = cidrProblem(v);
  if (problem) custom(ctx, `${JSON.stringify(v)} ${problem}`, 'write the API server endpoint address as a CIDR, e.g. 10.0.0.1/32 (kubectl get endpoints kubernetes -n default)');
});

/** Namespaces of platform components; none of them may be a service name. */
const platformNamespaces = z.strictObject({
  argocd: label('namespace', 'argocd').optional(),
  ingressController: label('namespace', 'ingress-nginx').optional(),
  certManager: label('namespace', 'cert-manager').optional(),
  monitoring: label('namespace', 'monitoring').optional(),
  databaseOperator: label('namespace', 'cnpg-system').optional(),
  externalDns: label('namespace', 'external-dns').optional(),
  other: z.array(label('namespace', 'velero')).optional(),
});

/** Fields of each mapping in platform.yaml, for "did you mean" on unknown keys. */
export const PLATFORM_FIELDS = {
  root: ['apiVersion', 'kind', 'gitops', 'capabilities', 'platformNamespaces', 'environments'],
  gitops: ['repoURL', 'targetRevision', 'path', 'argocdNamespace'],
  capabilities: ['publicIngress', 'postgres', 'serviceMonitors'],
  environment: ['name', 'domain', 'cluster', 'ingressClass', 'clusterIssuer', 'replicas', 'databaseInstances', 'ingressNamespace', 'monitoringNamespace'],
  cluster: ['name', 'server', 'apiServerCidr'],
  platformNamespaces: ['argocd', 'ingressController', 'certManager', 'monitoring', 'databaseOperator', 'externalDns', 'other'],
  replicas: ['min', 'max'],
} as const;

/** Keys allowed at a path of platform.yaml. */
export function platformKnownKeys(path: readonly PropertyKey[]): readonly string[] {
  const p = path.filter((s) => typeof s === 'string');
  const last = p[p.length - 1];
  if (path.length === 0) return PLATFORM_FIELDS.root;
  if (last === 'gitops') return PLATFORM_FIELDS.gitops;
  if (last === 'capabilities') return PLATFORM_FIELDS.capabilities;
  if (last === 'platformNamespaces') return PLATFORM_FIELDS.platformNamespaces;
  if (last === 'cluster') return PLATFORM_FIELDS.cluster;
  if (last === 'replicas') return PLATFORM_FIELDS.replicas;
  if (last === 'environments') return PLATFORM_FIELDS.environment;
  return [];
}

/** Schema of one environment entry; defaults are applied after validation (they depend on the position). */
export const environmentSchema = z.strictObject({
  name: envName,
  domain: dnsName('domain', 'dev.example.com'),
  cluster: z.strictObject({
    name: label('cluster name', 'prod-eu-1').optional(),
    server: z.string().regex(/^https:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'must be an https:// URL of a Kubernetes API server, e.g. https://kubernetes.default.svc' }).optional(),
    apiServerCidr: apiServerCidr.optional(),
  }).optional(),
  ingressClass: label('ingress class', 'nginx').optional(),
  clusterIssuer: label('ClusterIssuer name', 'letsencrypt-prod').optional(),
  replicas: z.strictObject({ min: int(1, 100).optional(), max: int(1, 1000).optional() }).optional(),
  databaseInstances: int(1, 9).optional(),
  ingressNamespace: label('namespace', 'ingress-nginx').optional(),
  monitoringNamespace: label('namespace', 'monitoring').optional(),
});

/** Schema of platform.yaml. */
export const platformSchema = z.strictObject({
  apiVersion: z.literal(GITOPS_API_VERSION),
  kind: z.literal('Platform'),
  gitops: z.strictObject({
    repoURL: z.string().superRefine((v, ctx) => {
      if (!REPO_URL.test(v)) custom(ctx, `${JSON.stringify(v)} is not a Git URL Argo CD can read`, 'write an https:// or ssh:// URL, e.g. https://github.com/acme/gitops.git');
    }),
    targetRevision: z.string().min(1).optional(),
    path: z.string().regex(/^(\.|[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*)?$/, { message: 'must be a relative path inside the Git repository (no leading "/", no "..")' })
      .refine((v) => !v.split('/').includes('..'), { message: 'must not contain ".."' }).optional(),
    argocdNamespace: label('namespace', 'argocd').optional(),
  }),
  capabilities: z.strictObject({
    publicIngress: z.boolean().optional(),
    postgres: z.boolean().optional(),
    serviceMonitors: z.boolean().optional(),
  }).optional(),
  platformNamespaces: platformNamespaces.optional(),
  environments: z.array(environmentSchema).min(1),
});

/** The plain-object form of platform.yaml that passed the schema (defaults not yet applied). */
export type PlatformV1 = z.infer<typeof platformSchema>;
