import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

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
 * `workloads/<service>/registration.yaml`. Read-only.
 */
export function registeredRepositories(gitopsDir: string): RegisteredRepository[] {
  const workloads = path.join(gitopsDir, 'workloads');
  if (!fs.existsSync(workloads)) return [];
  const out: RegisteredRepository[] = [];
  for (const service of fs.readdirSync(workloads).sort()) {
    const file = path.join(workloads, service, 'registration.yaml');
    if (!fs.existsSync(file)) continue;
    try {
      const raw = YAML.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> | null;
      const repository = typeof raw?.repository === 'string' && raw.repository.trim() !== '' ? raw.repository.trim() : undefined;
      out.push(repository ? { service, repository } : { service, problem: `workloads/${service}/registration.yaml has no repository` });
    } catch (e) {
      out.push({ service, problem: `workloads/${service}/registration.yaml does not parse: ${(e as Error).message.split('\n')[0]}` });
    }
  }
  return out;
}
