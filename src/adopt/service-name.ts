import { MAX_SERVICE_NAME_LENGTH, serviceNameProblem } from '../contract/service-name';

/** A service name derived from a workload name, with the rules that changed it. */
export interface DerivedName {
  readonly name: string;
  /** What was changed, in order; empty when the workload name is already a valid service name. */
  readonly changes: string[];
}

/**
 * Makes a workload name a valid service name (DNS-1035 label, at most 40 characters, not a Windows
 * device name), recording each rule that changed it. `taken` holds names already given to other
 * workloads: a collision gets `-2`, `-3`, ….
 */
export function deriveServiceName(workloadName: string, taken: ReadonlySet<string>): DerivedName {
  const changes: string[] = [];
  let name = workloadName;
  const step = (next: string, rule: string) => {
    if (next !== name) changes.push(rule);
    name = next;
  };
  step(name.toLowerCase(), 'lower-cased');
  step(name.replace(/[^a-z0-9-]+/g, '-'), 'characters other than a-z, 0-9 and "-" replaced by "-"');
  step(name.replace(/^[^a-z]+/, ''), 'leading characters before the first letter removed (a DNS-1035 label starts with a letter)');
  step(name.replace(/-{2,}/g, '-'), 'repeated "-" collapsed');
  if (name.length > MAX_SERVICE_NAME_LENGTH) {
    // Cut at the last "-" inside the limit, so no word is cut in half (unless that leaves too little).
    const cut = name.slice(0, MAX_SERVICE_NAME_LENGTH + 1).lastIndexOf('-');
    const end = cut >= MAX_SERVICE_NAME_LENGTH / 2 ? cut : MAX_SERVICE_NAME_LENGTH;
    step(name.slice(0, end), `shortened to at most ${MAX_SERVICE_NAME_LENGTH} characters at a "-" (derived names such as <service>-db-rw must fit Kubernetes limits)`);
  }
  step(name.replace(/-+$/, ''), 'trailing "-" removed');
  if (name === '') step('workload', 'no letter left: named "workload"');
  if (serviceNameProblem(name)?.code === 'reserved-name') step(`${name}-svc`, 'a Windows device name: "-svc" appended');
  if (taken.has(name)) {
    let n = 2;
    const base = name.slice(0, MAX_SERVICE_NAME_LENGTH - 3).replace(/-+$/, '');
    while (taken.has(`${base}-${n}`)) n++;
    step(`${base}-${n}`, `another workload already has this name: "-${n}" appended`);
  }
  const problem = serviceNameProblem(name);
  if (problem) throw new Error(`derived service name ${JSON.stringify(name)} from ${JSON.stringify(workloadName)} is still invalid: ${problem.message}`);
  return { name, changes };
}
