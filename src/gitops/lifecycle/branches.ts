/** Branch names of the lifecycle verbs (one branch per service and target, so re-running updates the same proposal). */
export const LifecycleBranch = {
  register: (service: string): string => `zave/register-${service}`,
  propose: (service: string, environment: string): string => `zave/propose-${service}-${environment}`,
  promote: (service: string, to: string): string => `zave/promote-${service}-${to}`,
  deregister: (service: string): string => `zave/deregister-${service}`,
  rollback: (service: string, environment: string): string => `zave/rollback-${service}-${environment}`,
  platform: (environment: string): string => `zave/platform-${environment}`,
  /** Deleting a deregistered service's retained data: every environment, or the named ones (in platform.yaml order). */
  deleteData: (service: string, environments?: readonly string[]): string => `zave/delete-data-${service}${environments && environments.length > 0 ? `-${environments.join('-')}` : ''}`,
} as const;

/** The standard trailers of a lifecycle commit. */
export function lifecycleTrailers(verb: string, service: string, environment?: string, image?: string, contract?: string): Array<[string, string]> {
  const t: Array<[string, string]> = [['Zave-Verb', verb], ['Zave-Service', service]];
  if (environment) t.push(['Zave-Environment', environment]);
  if (image) t.push(['Zave-Image', image]);
  if (contract) t.push(['Zave-Contract', contract]);
  return t;
}
