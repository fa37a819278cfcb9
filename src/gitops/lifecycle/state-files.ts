import * as YAML from 'yaml';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { MAX_INPUT_BYTES } from '../../common/yaml-input';
import { toYaml } from '../../common/yaml-output';
import { parsePlatform } from '../platform/parse';
import { contractFile, PLATFORM_FILE, registrationFile, WORKLOADS_DIR, workloadFolder } from '../repo/layout';
import { OverlaySource } from '../repo/source';
import { ENVIRONMENT_STATE_MAX_BYTES, environmentStateYaml, parseEnvironmentState } from '../state/environment-state';
import { PLATFORM_MAX_BYTES } from '../state/load';

/**
 * The intent files of the GitOps repository as a verb sees them: the base commit's files with the
 * verb's edits on top. Verbs read and write only through this, and the edits become one commit.
 */
export type IntentTree = OverlaySource;

/** Owner record `workloads/<service>/registration.yaml`. */
export interface RegistrationRecord {
  readonly service: string;
  /** Owning tenant repository (its remote URL). */
  readonly repository: string;
}

/** Path of a workload's folder, relative to the GitOps root. */
export function workloadDir(service: string): string {
  return workloadFolder(service);
}

function readText(tree: IntentTree, rel: string, maxBytes: number): string | undefined {
  const got = tree.read(rel, maxBytes);
  if ('bytes' in got) return got.bytes.toString('utf8');
  if ('tooLarge' in got) throw new LifecycleError(LifecycleErrorCode.SYNTH_FAILED, `${rel} is ${got.tooLarge} bytes, over the ${maxBytes}-byte limit; fix it in the GitOps repository first`);
  if (got.notAFile !== 'missing') throw new LifecycleError(LifecycleErrorCode.UNSAFE_PATH, `${rel} is a ${got.notAFile}, not a regular file; fix the GitOps repository first`);
  return undefined;
}

/** Reads the owner record of a service, or undefined when it is not registered. */
export function readRegistration(tree: IntentTree, service: string): RegistrationRecord | undefined {
  const text = readText(tree, registrationFile(service), MAX_INPUT_BYTES);
  if (text === undefined) return undefined;
  let doc: { service?: unknown; repository?: unknown } | null;
  try {
    doc = YAML.parse(text) as typeof doc;
  } catch {
    doc = null;
  }
  return { service: typeof doc?.service === 'string' ? doc.service : service, repository: typeof doc?.repository === 'string' ? doc.repository : '(unknown)' };
}

/** The owner record's file text (through toYaml). */
export function registrationYaml(record: RegistrationRecord): string {
  return toYaml({ apiVersion: 'zave.dev/v1', kind: 'Registration', service: record.service, repository: record.repository });
}

/** Registered services (folders under workloads/ with a zave.yaml), sorted. */
export function registeredServices(tree: IntentTree): string[] {
  return tree.list(WORKLOADS_DIR).filter((s) => tree.kind(contractFile(s)) === 'file');
}

/** Environment names from platform.yaml, in promotion order. Throws not-a-gitops-repository with the issues. */
export function environmentOrder(tree: IntentTree): string[] {
  const text = readText(tree, PLATFORM_FILE, PLATFORM_MAX_BYTES);
  if (text === undefined) throw new LifecycleError(LifecycleErrorCode.NOT_A_GITOPS_REPOSITORY, 'the base branch has no platform.yaml: it is not a GitOps repository');
  const parsed = parsePlatform(text, PLATFORM_FILE);
  if (!parsed.platform) {
    throw new LifecycleError(LifecycleErrorCode.NOT_A_GITOPS_REPOSITORY, `platform.yaml of the GitOps repository is not valid (${parsed.issues.length} problem(s))`, parsed.issues);
  }
  return parsed.platform.environments.map((e) => e.name);
}

/**
 * Image per service in one environment (`environments/<env>.yaml`), read with the strict reader; empty
 * when the file is absent. A file the reader refuses stops the verb with its issues.
 */
export function readImages(tree: IntentTree, environment: string): Record<string, string> {
  const rel = `environments/${environment}.yaml`;
  const got = tree.read(rel, ENVIRONMENT_STATE_MAX_BYTES);
  if ('notAFile' in got && got.notAFile === 'missing') return {};
  if (!('bytes' in got)) readText(tree, rel, ENVIRONMENT_STATE_MAX_BYTES);
  const bytes = (got as { bytes: Buffer }).bytes;
  // Pins are checked by synth with the environment's position; here only the structure matters.
  const parsed = parseEnvironmentState(bytes, rel, environment, false);
  if (!parsed.state) {
    throw new LifecycleError(LifecycleErrorCode.SYNTH_FAILED, `${rel} is not a valid promotion state (${parsed.issues.length} problem(s)); fix it first`, parsed.issues);
  }
  return { ...parsed.state.images };
}

/** Writes `environments/<env>.yaml` (images sorted by service). */
export function writeImages(tree: IntentTree, environment: string, images: Record<string, string>): void {
  tree.write(`environments/${environment}.yaml`, environmentStateYaml(environment, images));
}

/** Normalizes a repository identity for ownership comparison (case of host, .git suffix, trailing slash). */
export function sameRepository(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\/+$/, '').replace(/\.git$/, '').replace(/^(\w+:\/\/)([^/]+)/, (_m, p: string, h: string) => p + h.toLowerCase())
    .replace(/^git@([^:]+):/, (_m, h: string) => `ssh://git@${h.toLowerCase()}/`);
  return norm(a) === norm(b);
}
