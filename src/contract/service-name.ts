import { IssueCode } from './issue';
import { reservedNamespaceReason } from './reserved-namespaces';

/** Longest service name: keeps `<service>-db-rw`, CronJob names (≤ 52) and labels (≤ 63) inside Kubernetes limits. */
export const MAX_SERVICE_NAME_LENGTH = 40;

const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const WINDOWS_DEVICES = new Set([
  'con', 'prn', 'aux', 'nul',
  'com1', 'com2', 'com3', 'com4', 'com5', 'com6', 'com7', 'com8', 'com9',
  'lpt1', 'lpt2', 'lpt3', 'lpt4', 'lpt5', 'lpt6', 'lpt7', 'lpt8', 'lpt9',
]);

const PATH_PART_NAMES: Record<string, string> = { '..': '".."', '/': 'a "/"', '\\': 'a backslash', '\0': 'a NUL character' };

/** A problem with a service name: code, message and hint. */
export interface NameProblem {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

/** A DNS-1035-ish rewrite of `name` for the hint ("Payments_API" → "payments-api"). */
function normalise(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, MAX_SERVICE_NAME_LENGTH)
    .replace(/-+$/, '');
}

/**
 * Checks a service name: DNS-1035 label, at most 40 characters, no path
 * separators or `..`, not a Windows device name, not a namespace Kubernetes or a platform component
 * reserves (`default`, `kube-*`, `argocd`, ...). Undefined when valid.
 */
export function serviceNameProblem(name: string): NameProblem | undefined {
  if (validNames.has(name)) return undefined;
  const problem = nameProblem(name);
  if (!problem) {
    if (validNames.size >= VALID_NAMES_LIMIT) validNames.clear();
    validNames.add(name);
  }
  return problem;
}

/** Bound of the memo below: cleared when full. */
const VALID_NAMES_LIMIT = 100_000;
/** Names found valid lately: the check is pure, and a fleet's names are checked by several readers (folders, promotion states). */
const validNames = new Set<string>();

function nameProblem(name: string): NameProblem | undefined {
  const pathPart = ['..', '/', '\\', '\0'].find((p) => name.includes(p));
  if (pathPart !== undefined) {
    const fixed = normalise(name);
    return {
      code: IssueCode.PATH_IN_NAME,
      message: `${JSON.stringify(name)} contains ${PATH_PART_NAMES[pathPart]}: a service name becomes a directory and a Kubernetes name, so it can never be a path`,
      hint: fixed ? `did you mean ${fixed}?` : 'use a plain name such as payments-api',
    };
  }
  if (name.length > MAX_SERVICE_NAME_LENGTH) {
    return {
      code: IssueCode.NAME_TOO_LONG,
      message: `${JSON.stringify(name)} is ${name.length} characters; at most ${MAX_SERVICE_NAME_LENGTH} are allowed so derived names (e.g. ${'<service>'}-db-rw) stay inside Kubernetes limits`,
      hint: `shorten it, e.g. ${normalise(name)}`,
    };
  }
  if (!DNS_1035.test(name)) {
    const fixed = normalise(name);
    return {
      code: IssueCode.INVALID_NAME,
      message: `${JSON.stringify(name)} is not a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit`,
      hint: fixed && fixed !== name ? `did you mean ${fixed}?` : 'use a name such as payments-api',
    };
  }
  if (WINDOWS_DEVICES.has(name)) {
    return {
      code: IssueCode.RESERVED_NAME,
      message: `"${name}" is a Windows device name: a directory with that name breaks Windows checkouts of the GitOps repository`,
      hint: `choose another name, e.g. ${name}-svc`,
    };
  }
  const reserved = reservedNamespaceReason(name);
  if (reserved !== undefined) {
    return {
      code: IssueCode.RESERVED_NAMESPACE,
      message: `${reserved}: a service name is also its Namespace, so the workload would be deployed into (and restrict) that namespace`,
      hint: `choose a name of your own, e.g. ${name.replace(/^(kube|openshift|k8s|cattle|gke|aks|eks|zave)-/, '')}-app`,
    };
  }
  return undefined;
}
