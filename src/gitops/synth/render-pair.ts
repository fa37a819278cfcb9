import { manifestName, namespaceManifestName } from './layout';
import { manifestFile } from './manifest-file';
import { canonicalize } from '../../common/yaml-output';
import { ResolvedWorkload } from '../../contract/resolved';
import { EnvironmentSpec } from '../../strategies/environment';
import { compareObjects, KubeObject, renderWorkloadJson } from '../../strategies/render';
import { PlatformCapabilities } from '../platform/platform';

/** Everything one (environment, workload) render depends on; plain data (it crosses worker threads). */
export interface PairInput {
  readonly environment: EnvironmentSpec;
  readonly workload: ResolvedWorkload;
  readonly image: string;
  readonly capabilities: PlatformCapabilities;
}

/** Kinds dropped when the serviceMonitors capability is off (their CRDs are not installed). */
const MONITOR_KINDS = new Set(['ServiceMonitor', 'PodMonitor']);
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** One rendered file of a workload in deploy/<env>/. */
export interface RenderedFile {
  /** File name inside deploy/<env>/. */
  readonly name: string;
  readonly content: string;
}

/**
 * Renders one workload in one environment to its files in deploy/<env>/: `<service>.yaml` with every
 * object its own Application syncs, and `<service>.namespace.yaml` with its Namespace, which the
 * platform-owned namespaces Application syncs. Throws (a programming error of the strategy) when an
 * object has no valid kind or name, or two objects share kind, namespace and name.
 */
export function renderPair(input: PairInput): RenderedFile[] {
  return pairFiles(renderWorkloadJson(input.workload, input.environment, input.image), input.workload.service, input.capabilities);
}

/**
 * The files of `renderPair` from cdk8s's objects of one workload (`renderWorkloadJson`): the same
 * files, and the same errors, as from renderWorkload's canonical objects.
 */
export function pairFiles(json: unknown, service: string, capabilities: Pick<PlatformCapabilities, 'serviceMonitors'>): RenderedFile[] {
  // Objects whose identity fields are plain strings are serialized as they are (fastYaml writes their
  // canonical form directly); anything else is canonicalized first, exactly as renderWorkload does.
  const direct = Array.isArray(json) && json.every(hasPlainIdentity);
  const objects = direct ? [...json as KubeObject[]].sort(compareObjects) : renderedObjects(json);
  if (!Array.isArray(objects)) throw new Error(`renderWorkload returned ${typeof objects}, not a list of objects`);
  const seen = new Set<string>();
  const kept: Record<string, unknown>[] = [];
  for (const obj of objects) {
    const kind = obj?.kind;
    const name = obj?.metadata?.name;
    if (typeof obj?.apiVersion !== 'string' || typeof kind !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind) || typeof name !== 'string' || !OBJECT_NAME.test(name)) {
      throw new Error(`renderWorkload produced an object without a valid apiVersion, kind and metadata.name: ${JSON.stringify({ apiVersion: obj?.apiVersion, kind, name })}`);
    }
    if (!capabilities.serviceMonitors && MONITOR_KINDS.has(kind)) continue;
    const key = `${kind}/${obj.metadata?.namespace ?? ''}/${name}`;
    if (seen.has(key)) throw new Error(`renderWorkload produced two objects ${kind} ${name}`);
    seen.add(key);
    kept.push(obj as Record<string, unknown>);
  }
  return [
    { name: manifestName(service), content: manifestFile(kept.filter((o) => o.kind !== 'Namespace')) },
    { name: namespaceManifestName(service), content: manifestFile(kept.filter((o) => o.kind === 'Namespace')) },
  ];
}

/** renderWorkload's objects from the same cdk8s output: canonicalized and sorted. */
function renderedObjects(json: unknown): KubeObject[] {
  return Array.isArray(json) ? json.map((o: unknown) => canonicalize(o) as KubeObject).sort(compareObjects) : json as KubeObject[];
}

/**
 * True when the fields renderPair reads (apiVersion, kind, metadata.name, metadata.namespace) are
 * own strings of plain objects (namespace may be absent), so they read the same before and after
 * `canonicalize`, which keeps every string as it is.
 */
function hasPlainIdentity(o: unknown): boolean {
  if (!isPlainObject(o)) return false;
  const obj = o as Record<string, unknown>;
  if (!ownString(obj, 'apiVersion') || !ownString(obj, 'kind') || !isPlainObject(obj.metadata) || !Object.prototype.propertyIsEnumerable.call(obj, 'metadata')) return false;
  const metadata = obj.metadata as Record<string, unknown>;
  return ownString(metadata, 'name') && (metadata.namespace === undefined || ownString(metadata, 'namespace'));
}

function isPlainObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

function ownString(obj: Record<string, unknown>, key: string): boolean {
  return typeof obj[key] === 'string' && Object.prototype.propertyIsEnumerable.call(obj, key);
}
