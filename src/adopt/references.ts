import { FieldPath } from './parse-manifests';

/** A network address found in an environment variable or an argument of a container. */
export interface AddressReference {
  /** Path of the value. */
  readonly path: FieldPath;
  /** The env var name, when it is one. */
  readonly envName?: string;
  /** The whole value (for evidence). */
  readonly value: string;
  /** URL scheme, lower-case, when one was written. */
  readonly scheme?: string;
  /** Host as written, lower-case. */
  readonly host: string;
  /** Port, when one was written. */
  readonly port?: number;
  /** The first DNS label of the host: a Service name when the host is an in-cluster name. */
  readonly serviceName: string;
  /** The namespace the host names (`svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`), when it names one. */
  readonly namespace?: string;
  /** True when the host ends in `.svc` or `.svc.cluster.local`: in-cluster for certain. */
  readonly clusterSuffix: boolean;
  /** True for an in-cluster host (a Service of the input or a cluster suffix); false for an outside URL. */
  readonly inCluster: boolean;
}

/** Env var names whose bare value (`catalog`, no scheme or port) is a host. */
const HOST_NAMES = /(HOST|HOSTS|ADDR|ADDRESS|URL|URI|ENDPOINT|ENDPOINTS|SERVER|SERVERS|BROKER|BROKERS|TARGET|UPSTREAM)$/;
const TOKEN = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(?:[^@/\s]*@)?([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::([0-9]{1,5}))?(?:[/?#].*)?$/i;

/**
 * Addresses in one value: every whitespace-, comma- or semicolon-separated token of the form
 * `[scheme://][user@]host[:port][/path]` that is an in-cluster host (a Service of the input, or a
 * name ending in `.svc` / `.svc.cluster.local`; a bare word only with a scheme or port, or in a
 * variable named like `*_HOST`, `*_URL`, `*_ADDR`), or a URL with a scheme. `isService` says
 * whether a name is a Service of the input.
 */
export function addressesIn(value: string, path: FieldPath, envName: string | undefined, isService: (name: string, ns?: string) => boolean): AddressReference[] {
  const out: AddressReference[] = [];
  const hostVar = envName !== undefined && HOST_NAMES.test(envName.toUpperCase());
  for (const raw of value.split(/[\s,;]+/)) {
    const token = raw.replace(/^[^a-z0-9]+/i, '').replace(/^[A-Za-z_][A-Za-z0-9_.-]*=/, '').replace(/["')\]}]+$/, '');
    const m = TOKEN.exec(token);
    if (!m) continue;
    const [, scheme, hostRaw, portText] = m;
    const host = hostRaw.toLowerCase();
    const labels = host.split('.');
    const clusterSuffix = host.endsWith('.svc') || host.endsWith('.svc.cluster.local');
    const namespace = labels.length >= 2 && (labels.length === 2 || labels[2] === 'svc') ? labels[1] : undefined;
    const serviceName = labels[0];
    const port = portText !== undefined ? Number(portText) : undefined;
    if (port !== undefined && (port < 1 || port > 65535)) continue;
    const inCluster = clusterSuffix || ((labels.length === 1 || namespace !== undefined) && isService(serviceName, namespace));
    if (inCluster) {
      // A bare word is a host only in a variable named like one (`CATALOG_HOST=catalog`, not `MODE=catalog`).
      if (labels.length === 1 && scheme === undefined && port === undefined && !hostVar) continue;
    } else if (scheme === undefined) {
      continue; // outside the cluster, only URLs are read (their scheme names a datastore)
    }
    out.push({
      path,
      value,
      host,
      serviceName,
      clusterSuffix,
      inCluster,
      ...(envName !== undefined ? { envName } : {}),
      ...(scheme ? { scheme: scheme.toLowerCase() } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(namespace ? { namespace } : {}),
    });
  }
  return out;
}
