import { LifecycleError, LifecycleErrorCode } from './errors';
import { IntentTree, registeredServices } from './state-files';
import { didYouMean } from '../../common/suggest';
import { serviceNameProblem } from '../../contract/service-name';
import { contractFile } from '../repo/layout';

/** Checks that `environment` is in platform.yaml's list; the error lists the environments. */
export function requireEnvironment(environment: string, order: readonly string[]): void {
  if (order.includes(environment)) return;
  const hint = didYouMean(environment, order);
  throw new LifecycleError(LifecycleErrorCode.UNKNOWN_ENVIRONMENT,
    `unknown environment "${environment}"; platform.yaml defines ${order.join(', ')} (in promotion order)${hint ? `; ${hint}` : ''}`);
}

/** Checks that `service` is registered in the GitOps root; the error lists close names. */
export function requireRegistered(tree: IntentTree, service: string): void {
  if (tree.kind(contractFile(service)) === 'file') return;
  // Only on the error path: the close names (reads the fleet's listing).
  const services = registeredServices(tree);
  const hint = didYouMean(service, services);
  throw new LifecycleError(LifecycleErrorCode.NOT_REGISTERED,
    `service "${service}" is not registered in the GitOps repository (no workloads/${service}/zave.yaml)${hint ? `; ${hint}` : ''}. Register it first: zave register --contract zave.yaml`);
}

/** Checks a service name given on the command line (it becomes a path): invalid-service-name. */
export function requireServiceName(service: string): void {
  const problem = serviceNameProblem(service);
  if (problem) throw new LifecycleError(LifecycleErrorCode.INVALID_SERVICE_NAME, `invalid service name: ${problem.message}${problem.hint ? ` (${problem.hint})` : ''}`);
}
