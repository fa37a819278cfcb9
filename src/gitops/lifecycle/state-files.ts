import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { toYaml } from '../../common/yaml-output';

/** Owner record `workloads/<service>/registration.yaml`. */
export interface RegistrationRecord {
  readonly service: string;
  /** Owning tenant repository (URL or path). */
  readonly repository: string;
}

/** Path of a workload's folder, relative to the GitOps root. */
export function workloadDir(service: string): string {
  return `workloads/${service}`;
}

/** Reads the owner record of a service, or undefined when it is not registered. */
export function readRegistration(root: string, service: string): RegistrationRecord | undefined {
  const file = path.join(root, workloadDir(service), 'registration.yaml');
  if (!fs.existsSync(file)) return undefined;
  const doc = YAML.parse(fs.readFileSync(file, 'utf8')) as { service?: string; repository?: string } | null;
  return { service: doc?.service ?? service, repository: doc?.repository ?? '(unknown)' };
}

/** The owner record's file text (through toYaml). */
export function registrationYaml(record: RegistrationRecord): string {
  return toYaml({ apiVersion: 'zave.dev/v1', kind: 'Registration', service: record.service, repository: record.repository });
}

/** Registered services (folders under workloads/ with a zave.yaml), sorted. */
export function registeredServices(root: string): string[] {
  const dir = path.join(root, 'workloads');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((s) => fs.existsSync(path.join(dir, s, 'zave.yaml'))).sort();
}

/** Image per service in one environment (`environments/<env>.yaml`); empty when the file is absent. */
export function readImages(root: string, environment: string): Record<string, string> {
  const file = path.join(root, 'environments', `${environment}.yaml`);
  if (!fs.existsSync(file)) return {};
  const doc = YAML.parse(fs.readFileSync(file, 'utf8')) as { images?: Record<string, string> } | null;
  return { ...(doc?.images ?? {}) };
}

/** Writes `environments/<env>.yaml` (EnvironmentState, images sorted by service). */
export function writeImages(root: string, environment: string, images: Record<string, string>): void {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(images).sort()) sorted[key] = images[key];
  writeFileAtomic(root, `environments/${environment}.yaml`,
    toYaml({ apiVersion: 'zave.dev/v1', kind: 'EnvironmentState', environment, images: sorted }));
}

/**
 * Writes `rel` under `root` through temp + rename (directories created). Refuses a target whose real path
 * leaves the root (a committed symlink must not redirect the write).
 */
export function writeFileAtomic(root: string, rel: string, content: string | Uint8Array): void {
  const file = insidePath(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  insidePath(root, rel);
  const tmp = `${file}.zave-tmp-${process.pid}`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/** Normalizes a repository identity for ownership comparison (case of host, .git suffix, trailing slash). */
export function sameRepository(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\/+$/, '').replace(/\.git$/, '').replace(/^(\w+:\/\/)([^/]+)/, (_m, p: string, h: string) => p + h.toLowerCase())
    .replace(/^git@([^:]+):/, (_m, h: string) => `ssh://git@${h.toLowerCase()}/`);
  return norm(a) === norm(b);
}

/** `root/rel`, after checking that neither it nor any existing ancestor resolves outside `root`. */
export function insidePath(root: string, rel: string): string {
  const realRoot = fs.realpathSync(root);
  const target = path.resolve(realRoot, rel);
  if (!isWithin(realRoot, target)) throw new LifecycleError(LifecycleErrorCode.UNSAFE_PATH, `refusing to write ${rel}: it is outside the GitOps repository`);
  let probe = target;
  while (!fs.existsSync(probe) && probe !== realRoot) probe = path.dirname(probe);
  let lst: fs.Stats | undefined;
  try {
    lst = fs.lstatSync(target);
  } catch {
    lst = undefined;
  }
  const real = lst?.isSymbolicLink() ? path.resolve(path.dirname(target), fs.readlinkSync(target)) : fs.realpathSync(probe);
  if (!isWithin(realRoot, real)) throw new LifecycleError(LifecycleErrorCode.UNSAFE_PATH, `refusing to write ${rel}: a symbolic link resolves it to ${real}, outside the GitOps repository`);
  return target;
}

function isWithin(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
