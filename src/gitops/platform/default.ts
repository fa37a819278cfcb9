/** Options of the default platform.yaml. */
export interface DefaultPlatformOptions {
  /** Environments in promotion order. */
  readonly environments?: readonly string[];
  /** Base DNS zone: the last environment serves `<service>.<domain>`, the others `<service>.<env>.<domain>`. */
  readonly domain?: string;
  /** Git URL Argo CD reads the repository from. */
  readonly repoURL?: string;
  /** Branch Argo CD tracks. */
  readonly targetRevision?: string;
}

/** Environments of a new platform, in promotion order. */
export const DEFAULT_ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
/** Placeholder DNS zone of a new platform. */
export const DEFAULT_DOMAIN = 'example.com';
/** Placeholder API server endpoint of a new platform's clusters (replace it with the real endpoint). */
export const DEFAULT_API_SERVER_CIDR = '10.0.0.1/32';
/** Placeholder Git URL of a new GitOps repository. */
export const DEFAULT_REPO_URL = 'https://git.example.com/platform/gitops.git';

/**
 * The text of a new platform.yaml: every environment spelled out with its defaults and comments,
 * so platform engineers see what they can change. Starts with the `---` document start and keeps
 * to 80 columns (yamllint's defaults).
 */
export function defaultPlatformYaml(options: DefaultPlatformOptions = {}): string {
  const envs = options.environments && options.environments.length > 0 ? options.environments : DEFAULT_ENVIRONMENTS;
  const domain = options.domain ?? DEFAULT_DOMAIN;
  const lines = [
    '---',
    '# The platform: environments in promotion order, where Argo CD reads this',
    '# repository, and which capabilities the clusters provide. `zave synth`',
    '# renders deploy/ from this file, workloads/ and environments/.',
    'apiVersion: zave.dev/v1',
    'kind: Platform',
    'gitops:',
    '  # Git URL Argo CD clones this repository from (change it when it moves).',
    `  repoURL: ${options.repoURL ?? DEFAULT_REPO_URL}`,
    `  targetRevision: ${options.targetRevision ?? 'main'}`,
    '  argocdNamespace: argocd',
    'capabilities:',
    '  publicIngress: true    # ingress controller, cert-manager, external-dns',
    '  postgres: true         # CloudNativePG installed',
    '  serviceMonitors: true  # Prometheus operator CRDs installed',
    '# Namespaces of the platform components (no service may take one):',
    'platformNamespaces:',
    '  argocd: argocd',
    '  ingressController: ingress-nginx',
    '  certManager: cert-manager',
    '  monitoring: monitoring',
    '  databaseOperator: cnpg-system',
    '  externalDns: external-dns',
    'environments:',
  ];
  envs.forEach((name, i) => {
    const first = i === 0;
    const last = i === envs.length - 1 && envs.length > 1;
    const min = first ? 1 : 2;
    lines.push(
      `  - name: ${name}`,
      `    domain: ${last ? domain : `${name}.${domain}`}`,
      '    cluster:',
      `      name: ${name}`,
      '      server: https://kubernetes.default.svc',
      '      # The only address database pods may reach: the API server endpoint',
      '      # (kubectl get endpoints kubernetes -n default).',
      `      apiServerCidr: ${DEFAULT_API_SERVER_CIDR}`,
      '    ingressClass: nginx',
      `    clusterIssuer: ${first ? 'letsencrypt-staging' : 'letsencrypt-prod'}`,
      '    replicas:',
      `      min: ${min}`,
      `      max: ${first ? 3 : last ? 10 : 5}`,
      `    databaseInstances: ${first ? 1 : last ? 3 : 2}`,
    );
  });
  return lines.join('\n') + '\n';
}
