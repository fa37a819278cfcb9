import { Component, Project, SampleFile, TextFile } from 'projen';
import { defaultPlatformYaml, DefaultPlatformOptions } from '../../gitops/platform/default';

/** Props of `GitOpsPlatformFile`. */
export interface GitOpsPlatformFileProps extends DefaultPlatformOptions {
  /** Regenerate platform.yaml from the options on every `npx projen` (true), or write it once for hand editing (false). */
  readonly managed: boolean;
}

/** platform.yaml of a GitOps repository: environments, domains, Argo CD source, capabilities. */
export class GitOpsPlatformFile extends Component {
  /** The text written (without the projen marker). */
  public readonly content: string;
  /** Full text of the file as written when managed (undefined for a sample). */
  public readonly managedText?: string;

  constructor(project: Project, props: GitOpsPlatformFileProps) {
    super(project);
    this.content = defaultPlatformYaml(props);
    if (props.managed) {
      const file = new TextFile(project, 'platform.yaml');
      this.managedText = `${file.marker ? `# ${file.marker}\n` : ''}${this.content}`;
      for (const line of this.managedText.split('\n')) file.addLine(line);
    } else {
      new SampleFile(project, 'platform.yaml', { contents: this.content });
    }
  }
}
