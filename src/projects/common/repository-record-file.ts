import * as fs from 'fs';
import * as path from 'path';
import { FileBase, IResolver, Project } from 'projen';
import { RepositoryKind } from '../../taxonomy/repository-kind';
import { buildRepositoryRecord, parseRepositoryRecord, REPOSITORY_RECORD_PATH, serializeRepositoryRecord } from '../../taxonomy/repository-record';

/** Fields of the record other than the computed file list. */
export interface RepositoryRecordFields {
  readonly kind: RepositoryKind;
  readonly service?: string;
  readonly contract?: string;
  readonly strategy?: string;
  readonly platformVersion: string;
  /** How the repository was onboarded, when this synthesis onboards it; an existing record keeps its value. */
  readonly onboardedBy?: string;
}

type Synthesizable = { synthesizeContent(resolver: IResolver): string | undefined };

/** projen's own resolver (what it passes to files during synthesis). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PROJEN_RESOLVER: IResolver = { resolve: (obj, options) => (require('projen/lib/_resolve') as { resolve: IResolver['resolve'] }).resolve(obj, options) };

/** The contents of every generated (read-only) file of a project that will be written, by path. */
export function generatedContents(project: Project, except?: FileBase, resolver: IResolver = PROJEN_RESOLVER): Record<string, string> {
  const files: Record<string, string> = {};
  for (const file of project.files) {
    if (file === except || !file.readonly) continue;
    const content = (file as unknown as Synthesizable).synthesizeContent(resolver);
    if (content !== undefined) files[file.path.split(path.sep).join('/')] = content;
  }
  return files;
}

/**
 * `.zave/repository.json`: the taxonomy record, with the sha256 of every other generated
 * (read-only) file of the project as this synthesis writes it.
 */
export class RepositoryRecordFile extends FileBase {
  private readonly onboardedBy: string;

  constructor(project: Project, private readonly fields: RepositoryRecordFields) {
    super(project, REPOSITORY_RECORD_PATH, { readonly: true, marker: false });
    // Read before synthesis: projen deletes every generated file (this one included) before writing them again.
    this.onboardedBy = fields.onboardedBy ?? previousOnboardedBy(project.outdir) ?? 'npx projen';
  }

  protected synthesizeContent(resolver: IResolver): string | undefined {
    const files = generatedContents(this.project, this, resolver);
    return serializeRepositoryRecord(buildRepositoryRecord({ ...this.fields, onboardedBy: this.onboardedBy }, files));
  }
}

function previousOnboardedBy(outdir: string): string | undefined {
  try {
    return parseRepositoryRecord(fs.readFileSync(path.join(outdir, REPOSITORY_RECORD_PATH), 'utf8')).record?.onboardedBy;
  } catch {
    return undefined;
  }
}
