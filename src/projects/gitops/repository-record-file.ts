import { Component, Project, TextFile } from 'projen';
import { gitopsRepositoryRecord } from '../../gitops/repository-record';

/** `.zave/repository.json`: the taxonomy record (kind gitops) with the sha256 of every generated file. */
export class GitOpsRepositoryRecordFile extends Component {
  constructor(project: Project, platformVersion: string, generated: Readonly<Record<string, string>>) {
    super(project);
    const text = gitopsRepositoryRecord(platformVersion, 'projen new', generated);
    new TextFile(project, '.zave/repository.json', { lines: text.split('\n') });
  }
}
