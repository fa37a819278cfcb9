import { Component, Project, SampleFile } from 'projen';
import { WORKLOADS_README } from '../../gitops/repo-files';
import { environmentStateYaml } from '../../gitops/state/environment-state';

/**
 * The lifecycle-owned part of a GitOps repository, written once and never overwritten by projen:
 * workloads/ (registrations) and environments/<env>.yaml (promotion state).
 */
export class GitOpsStateLayout extends Component {
  constructor(project: Project, environments: readonly string[]) {
    super(project);
    new SampleFile(project, 'workloads/README.md', { contents: WORKLOADS_README });
    for (const env of environments) new SampleFile(project, `environments/${env}.yaml`, { contents: environmentStateYaml(env, {}) });
  }
}
