import { Component, Project, SampleFile } from 'projen';
import { WORKLOADS_KEEP, WORKLOADS_KEEP_FILE } from '../../gitops/repo-files';
import { environmentStateYaml } from '../../gitops/state/environment-state';

/**
 * The lifecycle-owned part of a GitOps repository, written once and never overwritten by projen:
 * workloads/ (registrations) and environments/<env>.yaml (promotion state).
 */
export class GitOpsStateLayout extends Component {
  constructor(project: Project, environments: readonly string[]) {
    super(project);
    new SampleFile(project, WORKLOADS_KEEP_FILE, { contents: WORKLOADS_KEEP });
    for (const env of environments) new SampleFile(project, `environments/${env}.yaml`, { contents: environmentStateYaml(env, {}) });
  }
}
