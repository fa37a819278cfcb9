import { Component, Project, SampleFile, TextFile } from 'projen';
import { DOCUMENT_START, GENERATED_HEADER } from '../../common/yaml-output';
import { defaultPlatformYaml, DefaultPlatformOptions } from '../../gitops/platform/default';

/** Props of `GitOpsPlatformFile`. */
export interface GitOpsPlatformFileProps extends DefaultPlatformOptions {
  /** Regenerate platform.yaml from the options on every `npx projen` (true), or write it once for hand editing (false). */
  readonly managed: boolean;
}

/** platform.yaml of a GitOps repository: environments, domains, Argo CD source, capabilities. */
export class GitOpsPlatformFile extends Component {
  /** The text written (without the generated marker). */
  public readonly content: string;
  /** Full text of the file as written when managed (undefined for a sample). */
  public readonly managedText?: string;

  constructor(project: Project, props: GitOpsPlatformFileProps) {
    super(project);
    this.content = defaultPlatformYaml(props);
    if (props.managed) {
      // The marker goes right after the document start; the settings live in .projenrc (ZaveGitOpsProject options).
      const body = this.content.startsWith(`${DOCUMENT_START}\n`) ? this.content.slice(DOCUMENT_START.length + 1) : this.content;
      this.managedText = [DOCUMENT_START, GENERATED_HEADER, '# Change the ZaveGitOpsProject options in .projenrc and run "npx projen".', body].join('\n');
      new TextFile(project, 'platform.yaml', { lines: this.managedText.replace(/\n$/, '').split('\n').concat(''), marker: false });
    } else {
      new SampleFile(project, 'platform.yaml', { contents: this.content });
    }
  }
}
