import { manifestName, namespaceManifestName } from './layout';
import { manifestText } from './manifest-file';
import { ResolvedWorkload } from '../../contract/resolved';
import { EnvironmentSpec } from '../../strategies/environment';
import { renderWorkload } from '../../strategies/render';
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
  const objects = renderWorkload(input.workload, input.environment, input.image);
  if (!Array.isArray(objects)) throw new Error(`renderWorkload returned ${typeof objects}, not a list of objects`);
  const seen = new Set<string>();
  const kept: Record<string, unknown>[] = [];
  for (const obj of objects) {
    const kind = obj?.kind;
    const name = obj?.metadata?.name;
    if (typeof obj?.apiVersion !== 'string' || typeof kind !== 'string' || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind) || typeof name !== 'string' || !OBJECT_NAME.test(name)) {
      throw new Error(`renderWorkload produced an object without a valid apiVersion, kind and metadata.name: ${JSON.stringify({ apiVersion: obj?.apiVersion, kind, name })}`);
    }
    if (!input.capabilities.serviceMonitors && MONITOR_KINDS.has(kind)) continue;
    const key = `${kind}/${obj.metadata?.namespace ?? ''}/${name}`;
    if (seen.has(key)) throw new Error(`renderWorkload produced two objects ${kind} ${name}`);
    seen.add(key);
    kept.push(obj as Record<string, unknown>);
  }
  const service = input.workload.service;
  return [
    // renderWorkload's objects are canonical already.
    { name: manifestName(service), content: manifestText(kept.filter((o) => o.kind !== 'Namespace'), true) },
    { name: namespaceManifestName(service), content: manifestText(kept.filter((o) => o.kind === 'Namespace'), true) },
  ];
}
