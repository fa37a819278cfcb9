import * as fs from 'fs';
import { PlatformConfig, PlatformEnvironment, PlatformNamespaces } from './platform';
import { platformKnownKeys, platformSchema, PlatformV1 } from './schema';
import { readYamlInput, locate, YamlInput } from '../../common/yaml-input';
import { zodToIssues } from '../../common/zod-issues';
import { ContractIssue, IssueCode } from '../../contract/issue';
import { sortIssues } from '../../contract/parse';

/** Result of reading platform.yaml. */
export interface PlatformParseResult {
  /** The configuration with every default applied; undefined when there are issues. */
  readonly platform?: PlatformConfig;
  /** Every problem found, sorted by position. */
  readonly issues: ContractIssue[];
}

/** Default API server: Argo CD runs in the cluster it deploys to. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** Applies the position-dependent defaults to one environment (first: dev-like, last: prod-like). */
function withDefaults(env: PlatformV1['environments'][number], index: number, count: number, ns: PlatformNamespaces): PlatformEnvironment {
  const first = index === 0;
  const last = index === count - 1 && count > 1;
  const min = env.replicas?.min ?? (first ? 1 : 2);
  return {
    name: env.name,
    domain: env.domain,
    clusterName: env.cluster?.name ?? env.name,
    clusterServer: env.cluster?.server ?? IN_CLUSTER_SERVER,
    ingressClass: env.ingressClass ?? 'nginx',
    clusterIssuer: env.clusterIssuer ?? (first ? 'letsencrypt-staging' : 'letsencrypt-prod'),
    minReplicas: min,
    maxReplicas: env.replicas?.max ?? Math.max(min, first ? 3 : last ? 10 : 5),
    databaseInstances: env.databaseInstances ?? (first ? 1 : last ? 3 : 2),
    ingressNamespace: env.ingressNamespace ?? ns.ingressController,
    monitoringNamespace: env.monitoringNamespace ?? ns.monitoring,
    databaseOperatorNamespace: ns.databaseOperator,
    ...(env.cluster?.apiServerCidr !== undefined ? { apiServerCidr: env.cluster.apiServerCidr } : {}),
  };
}

/** platform.yaml's platformNamespaces with every default applied (Argo CD's defaults to gitops.argocdNamespace). */
function platformNamespacesOf(data: PlatformV1): PlatformNamespaces {
  const ns = data.platformNamespaces ?? {};
  return {
    argocd: ns.argocd ?? data.gitops.argocdNamespace ?? 'argocd',
    ingressController: ns.ingressController ?? 'ingress-nginx',
    certManager: ns.certManager ?? 'cert-manager',
    monitoring: ns.monitoring ?? 'monitoring',
    databaseOperator: ns.databaseOperator ?? 'cnpg-system',
    externalDns: ns.externalDns ?? 'external-dns',
    other: [...(ns.other ?? [])].sort(),
  };
}

function issueAt(input: YamlInput, path: (string | number)[], code: string, message: string, hint?: string): ContractIssue {
  const pos = locate(input, path);
  return { code, file: input.file, line: pos.line, column: pos.column, path: path.join('.'), message, ...(hint ? { hint } : {}) };
}

/** Parses and validates platform.yaml text. Never throws on bad input. */
export function parsePlatform(input: string | Uint8Array, file = 'platform.yaml'): PlatformParseResult {
  // A verb reads platform.yaml twice (for its edit, then to render); the result is a pure function of
  // the bytes and the file name (bytes as Latin-1: one character per byte, so equal keys are equal bytes).
  const key = typeof input === 'string' ? undefined : `${file}\0${Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1')}`;
  const known = key !== undefined ? recentPlatforms.get(key) : undefined;
  if (known) return known;
  const parsed = parsePlatformUncached(input, file);
  if (key !== undefined && parsed.platform) {
    if (recentPlatforms.size >= 8) recentPlatforms.clear();
    recentPlatforms.set(key, parsed);
  }
  return parsed;
}

/** The last valid platform.yaml files parsed from bytes, with their result (treated as read-only by every caller). */
const recentPlatforms = new Map<string, PlatformParseResult>();

function parsePlatformUncached(input: string | Uint8Array, file: string): PlatformParseResult {
  const yaml = readYamlInput(input, file);
  if (yaml.issues.length > 0 || yaml.value === undefined) return { issues: sortIssues(yaml.issues) };
  const result = platformSchema.safeParse(yaml.value);
  const issues = result.success ? [] : zodToIssues(result.error, yaml, platformKnownKeys);
  // Cross-field rules run on the raw value too, so one run reports everything.
  const rawEnvs = (yaml.value as { environments?: unknown }).environments;
  const seen = new Map<string, number>();
  (Array.isArray(rawEnvs) ? rawEnvs : []).forEach((raw: unknown, i) => {
    if (raw === null || typeof raw !== 'object') return;
    const env = raw as { name?: unknown; replicas?: { min?: unknown; max?: unknown } };
    if (typeof env.name === 'string') {
      const before = seen.get(env.name);
      if (before !== undefined) {
        issues.push(issueAt(yaml, ['environments', i, 'name'], IssueCode.CONFLICT,
          `environment "${env.name}" is declared twice (first as environments[${before}])`, 'give each environment a unique name'));
      } else {
        seen.set(env.name, i);
      }
    }
    const min = env.replicas?.min;
    const max = env.replicas?.max;
    if (typeof min === 'number' && typeof max === 'number' && min > max) {
      issues.push(issueAt(yaml, ['environments', i, 'replicas', 'max'], IssueCode.CONFLICT,
        `replicas.max ${max} is below replicas.min ${min}`, `raise max to at least ${min}`));
    }
  });
  if (!result.success || issues.length > 0) return { issues: sortIssues(issues) };
  const data = result.data;
  if (issues.length > 0) return { issues: sortIssues(issues) };
  const platformNamespaces = platformNamespacesOf(data);
  const environments = data.environments.map((e, i) => withDefaults(e, i, data.environments.length, platformNamespaces));
  return {
    platform: {
      apiVersion: data.apiVersion,
      environments,
      gitops: {
        repoURL: data.gitops.repoURL,
        targetRevision: data.gitops.targetRevision ?? 'main',
        path: data.gitops.path === '.' ? '' : (data.gitops.path ?? ''),
        argocdNamespace: data.gitops.argocdNamespace ?? 'argocd',
      },
      capabilities: {
        publicIngress: data.capabilities?.publicIngress ?? true,
        postgres: data.capabilities?.postgres ?? true,
        serviceMonitors: data.capabilities?.serviceMonitors ?? true,
      },
      platformNamespaces,
    },
    issues: [],
  };
}

/** Reads platform.yaml from disk; a missing file is an issue with a hint. */
export function parsePlatformFile(filePath: string, displayName = 'platform.yaml'): PlatformParseResult {
  let bytes: Buffer;
  try {
    const st = fs.lstatSync(filePath);
    if (!st.isFile()) {
      return { issues: [{ code: IssueCode.FILE_NOT_FOUND, file: displayName, line: 1, column: 1, path: '', message: st.isSymbolicLink() ? 'is a symbolic link; platform.yaml must be a regular file' : 'is not a regular file' }] };
    }
    bytes = fs.readFileSync(filePath);
  } catch (e) {
    return {
      issues: [{
        code: IssueCode.FILE_NOT_FOUND,
        file: displayName,
        line: 1,
        column: 1,
        path: '',
        message: `cannot read platform.yaml: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        hint: 'is this a GitOps repository? Create one with "npx projen new --from @zave/platform zave-gitops" or let zave create ./gitops',
      }],
    };
  }
  return parsePlatform(bytes, displayName);
}
