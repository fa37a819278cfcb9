import { EnvironmentSpec } from '../../strategies/environment';

/**
 * Environments of a local preview. The GitOps repository's platform.yaml is the authority for
 * real environments; these mirror its defaults so a preview looks like what will be rendered.
 */
export const PREVIEW_ENVIRONMENTS: readonly EnvironmentSpec[] = [
  { name: 'dev', domain: 'dev.zave.example', clusterName: 'dev', ingressClass: 'nginx', clusterIssuer: 'letsencrypt-staging', minReplicas: 1, maxReplicas: 2, databaseInstances: 1 },
  { name: 'staging', domain: 'staging.zave.example', clusterName: 'staging', ingressClass: 'nginx', clusterIssuer: 'letsencrypt-prod', minReplicas: 2, maxReplicas: 4, databaseInstances: 2 },
  { name: 'prod', domain: 'zave.example', clusterName: 'prod', ingressClass: 'nginx', clusterIssuer: 'letsencrypt-prod', minReplicas: 2, maxReplicas: 10, databaseInstances: 3 },
];
