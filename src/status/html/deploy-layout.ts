/**
 * THE adapter between the fleet page and the deploy/ layout: which files hold the objects rendered
 * for one (environment, service). Today a folder of one object per file
 * (`deploy/<env>/<service>/<kind>-<name>.yaml`); the target layout (DESIGN.md §5) is one
 * multi-document file per (env, service) (`deploy/<env>/<service>.yaml`). Both are recognised here,
 * so a layout change is a change of this file only.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathKind } from '../files';

/** The rendered files of one workload in one environment. */
export interface RenderedLocation {
  /** Repository-relative path to link to: the folder, or the one multi-document file. */
  readonly link: string;
  /** Repository-relative files holding the objects, sorted; `kustomization.yaml` excluded. */
  readonly files: string[];
}

/**
 * Where deploy/ holds the objects of `service` in `env`; undefined when nothing is rendered there.
 * `envFiles`, when given, names the regular files in deploy/<env>/ (`regularFilesIn`, listed once for every service).
 */
export function renderedLocation(root: string, env: string, service: string, envFiles?: ReadonlySet<string>): RenderedLocation | undefined {
  const single = `deploy/${env}/${service}.yaml`;
  const isFile = (name: string) => (envFiles ? envFiles.has(name) : pathKind(path.join(root, 'deploy', env, name)) === 'file');
  if (isFile(`${service}.yaml`)) {
    const ns = `deploy/${env}/${service}.namespace.yaml`;
    return { link: single, files: isFile(`${service}.namespace.yaml`) ? [single, ns] : [single] };
  }
  const dir = `deploy/${env}/${service}`;
  let names: string[];
  try {
    if (!fs.lstatSync(path.join(root, dir)).isDirectory()) return undefined;
    names = fs.readdirSync(path.join(root, dir)).sort();
  } catch {
    return undefined;
  }
  const files = names.filter((n) => n.endsWith('.yaml') && n !== 'kustomization.yaml').map((n) => `${dir}/${n}`);
  return { link: `${dir}/`, files };
}
