import { createHash } from 'crypto';

/** A generated file listed in `.zave/repository.json`. */
export interface GeneratedFileRecord {
  readonly path: string;
  readonly sha256: string;
}

/** Text of `.zave/repository.json` for a GitOps repository (keys sorted, files sorted by path). */
export function gitopsRepositoryRecord(platformVersion: string, onboardedBy: string, files: Readonly<Record<string, string>>): string {
  const generatedFiles: GeneratedFileRecord[] = Object.keys(files).sort().map((p) => ({ path: p, sha256: createHash('sha256').update(files[p], 'utf8').digest('hex') }));
  const record = { apiVersion: 'zave.dev/v1', generatedFiles, kind: 'gitops', onboardedBy, platformVersion };
  return JSON.stringify(record, null, 2) + '\n';
}
