import { Component, Project, SampleFile } from 'projen';
import { linkOnTheWay, linkRefusal } from '../../common/linked-paths';

/**
 * Refuses to synthesize a project when a file it writes, or a folder on the way to one, is a
 * symbolic link: projen writes with a plain `writeFileSync`, which follows links, so a link committed
 * in a repository (a pull request's, a tenant's) would make `npx projen` or `zave upgrade` write
 * outside it. Runs before anything is written or cleaned up.
 */
export class NoLinksGuard extends Component {
  /**
   * @param extraPaths paths written by components that are neither projen files nor sample files
   * (e.g. a package.json merged with the tenant's own)
   */
  constructor(project: Project, private readonly extraPaths: readonly string[] = []) {
    super(project);
  }

  /** Checks every generated, sample and extra file's path; throws naming the first link found. */
  public preSynthesize(): void {
    const samples = this.project.components.filter((c): c is SampleFile => c instanceof SampleFile)
      .map((c) => (c as unknown as { readonly filePath: string }).filePath);
    const link = linkOnTheWay(this.project.outdir, [...this.project.files.map((f) => f.path), ...samples, ...this.extraPaths]);
    if (link) throw new Error(linkRefusal(link, 'zave'));
  }
}
