import { Component, Project, TextFile } from 'projen';
import { gitopsWorkflowYaml } from '../../gitops/repo-files';

/** `.github/workflows/gitops.yml`: validates registered contracts and fails when deploy/ is stale. */
export class GitOpsWorkflow extends Component {
  /** Full text of the workflow file. */
  public readonly text: string;

  constructor(project: Project) {
    super(project);
    this.text = gitopsWorkflowYaml({ install: 'npm-ci' });
    new TextFile(project, '.github/workflows/gitops.yml', { lines: this.text.replace(/\n$/, '').split('\n').concat(''), marker: false });
  }
}
