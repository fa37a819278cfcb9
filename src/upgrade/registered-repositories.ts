import { WORKLOADS_DIR, workloadFolder } from '../gitops/repo/layout';
import { DirectorySource } from '../gitops/repo/source';
import { readRegistrationFile } from '../gitops/state/registration';

/** A tenant repository registered in the GitOps repository. */
export interface RegisteredRepository {
  /** The service name (the folder under workloads/). */
  readonly service: string;
  /** The owner's remote URL from `workloads/<service>/registration.yaml` (`repository`); undefined when missing. */
  readonly repository?: string;
  /** Why the registration cannot be used, when it cannot. */
  readonly problem?: string;
}

/**
 * Every registration of a GitOps repository checkout, sorted by service: `repository` from
 * `workloads/<service>/registration.yaml`, read by the repository model's one reader (size cap, no
 * symbolic link or special file followed, the four fields zave writes). Read-only.
 */
export function registeredRepositories(gitopsDir: string): RegisteredRepository[] {
  const checkout = new DirectorySource(gitopsDir);
  const out: RegisteredRepository[] = [];
  for (const service of checkout.list(WORKLOADS_DIR)) {
    if (checkout.kind(workloadFolder(service)) !== 'dir') continue;
    const got = readRegistrationFile(checkout, service);
    if ('missing' in got) continue;
    if ('record' in got) out.push({ service, repository: got.record.repository });
    else out.push({ service, problem: got.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path ? `${i.path}: ` : ''}${i.message}`).join('; ') });
  }
  return out;
}
