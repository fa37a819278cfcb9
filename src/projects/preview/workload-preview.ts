import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { previewEnvironments } from './preview-environments';
import { formatIssue } from '../../contract/issue';
import { parseContract } from '../../contract/parse';
import { resolveContract } from '../../contract/resolve';
import { renderWorkload } from '../../strategies/render';

/** Props of a {@link WorkloadPreview}. */
export interface WorkloadPreviewProps {
  /** Text of the workload's `zave.yaml`. */
  readonly contractText: string;
  /**
   * File name used in error messages.
   * @default "zave.yaml"
   */
  readonly contractFile?: string;
  /**
   * Image reference rendered into the manifests.
   * @default "<service>:preview"
   */
  readonly image?: string;
  /**
   * Names of the environments to preview (those of the default platform.yaml: `dev`, `staging`, `prod`).
   * @default - all three
   */
  readonly environments?: string[];
}

/**
 * Previews a workload's manifests in a cdk8s app: one chart per environment (`<env>.k8s.yaml`),
 * rendered by the same strategy code the GitOps repository uses. Used by the `cdk8s/main.js`
 * generated into every tenant repository.
 */
export class WorkloadPreview extends Construct {
  /** The service previewed. */
  public readonly service: string;
  /** The environments previewed, in order. */
  public readonly environments: string[];

  constructor(scope: Construct, id: string, props: WorkloadPreviewProps) {
    super(scope, id);
    const file = props.contractFile ?? 'zave.yaml';
    const { contract, issues } = parseContract(props.contractText, file);
    if (!contract) throw new Error(`${file} is invalid:\n${issues.map(formatIssue).join('\n')}`);
    const workload = resolveContract(contract);
    const environments = previewEnvironments();
    const wanted = props.environments ?? environments.map((e) => e.name);
    const unknown = wanted.filter((n) => !environments.some((e) => e.name === n));
    if (unknown.length > 0) {
      throw new Error(`unknown preview environment(s): ${unknown.join(', ')}; the environments are: ${environments.map((e) => e.name).join(', ')}`);
    }
    this.service = workload.service;
    this.environments = environments.filter((e) => wanted.includes(e.name)).map((e) => e.name);
    const image = props.image ?? `${workload.service}:preview`;
    for (const environment of environments.filter((e) => wanted.includes(e.name))) {
      const chart = new Chart(scope, environment.name, { disableResourceNameHashes: true });
      renderWorkload(workload, environment, image).forEach((object, i) => {
        new ApiObject(chart, `${object.kind}-${object.metadata.name}-${i}`, object as never);
      });
    }
  }
}
