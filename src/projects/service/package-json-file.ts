import * as fs from 'fs';
import * as path from 'path';
import { Component, Project } from 'projen';
import { mergePackageJson } from './tooling-package';

/**
 * The tenant-owned `package.json`: written when absent; when present (npm init, `projen new`
 * installing the platform first, or the tenant's own), only missing scripts and development
 * dependencies are added. Never marked generated, never read-only.
 */
export class PackageJsonFile extends Component {
  constructor(project: Project, private readonly content: string) {
    super(project, 'PackageJsonFile');
  }

  public synthesize(): void {
    const file = path.join(this.project.outdir, 'package.json');
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, this.content);
      return;
    }
    const merged = mergePackageJson(fs.readFileSync(file, 'utf8'), this.content);
    if (merged !== undefined) fs.writeFileSync(file, merged);
  }
}
