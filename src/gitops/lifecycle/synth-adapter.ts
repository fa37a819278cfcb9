/**
 * The one seam between the lifecycle verbs and the GitOps plane (platform.yaml, synthesize, embedded
 * GitOps location). Everything the verbs need from src/gitops goes through here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { ImageReference } from '../../common/image-reference';
import { ContractIssue } from '../../contract/issue';
import { embeddedGitOpsFiles, resolveGitOpsDir } from '../embedded';
import { parsePlatformFile } from '../platform/parse';
import { LEGACY_CONTROL_PATHS } from '../repo/layout';

/** What synth reports back to the lifecycle verbs. */
export interface SynthOutcome {
  /** Files written (with check: files that are missing or stale), repo-relative, sorted. */
  readonly written: string[];
  /** Files removed (with check: files that should be removed), repo-relative, sorted. */
  readonly removed: string[];
  /** Problems as printable lines; the verb stops when there are any. */
  readonly problems: string[];
  /** The same problems as located issues. */
  readonly issues: ContractIssue[];
}

/** Paths older zave versions kept in the repository; never committed. */
export const SYNTH_PRIVATE_PATHS: readonly string[] = LEGACY_CONTROL_PATHS;

/** Environment names from platform.yaml, in promotion order. Throws not-a-gitops-repository with the issues. */
export function environmentOrder(repoDir: string): string[] {
  const parsed = parsePlatformFile(path.join(repoDir, 'platform.yaml'));
  if (!parsed.platform) {
    throw new LifecycleError(LifecycleErrorCode.NOT_A_GITOPS_REPOSITORY, `platform.yaml of the GitOps repository is not valid (${parsed.issues.length} problem(s))`, parsed.issues);
  }
  return parsed.platform.environments.map((e) => e.name);
}

/** Renders deploy/ from the repository's intent (or, with check, only reports what is stale). */
export async function runSynth(repoDir: string, check: boolean, onProgress?: (message: string) => void): Promise<SynthOutcome> {
  // Loaded on use: most verbs never synthesize a working tree.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthesize } = require('../synth/synthesize') as typeof import('../synth/synthesize');
  const result = await synthesize({ repoDir, check, workers: 'auto' });
  onProgress?.(check ? `synth --check: ${result.summary}` : `synth: ${result.rendered} workload render(s); deploy/ is current`);
  const problems = result.issues.map((i) => `${i.file}:${i.line}:${i.column}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`);
  if (check) {
    return {
      written: result.differences.filter((d) => d.change !== 'extra').map((d) => d.path),
      removed: result.differences.filter((d) => d.change === 'extra').map((d) => d.path),
      problems,
      issues: result.issues,
    };
  }
  return { written: result.written, removed: result.removed, problems, issues: result.issues };
}

/** Refuses an image the synth would refuse in this environment (malformed, `latest`/untagged, unpinned outside the first). */
export function checkImageForEnvironment(ref: string, environment: string, pinRequired: boolean): void {
  const problem = ImageReference.check(ref, { requireDigest: pinRequired, environment }).problem;
  if (!problem) return;
  const code = problem.code === 'invalid-image' ? LifecycleErrorCode.INVALID_IMAGE : problem.code === 'image-not-pinned' && pinRequired ? LifecycleErrorCode.DIGEST_REQUIRED : LifecycleErrorCode.INVALID_IMAGE;
  throw new LifecycleError(code, `${problem.message}; ${problem.hint}`);
}

/** Writes the files of a new GitOps repository (default platform.yaml: dev, staging, prod) into `dir`, without git. */
export function initGitOpsFiles(dir: string): void {
  for (const [rel, content] of Object.entries(embeddedGitOpsFiles())) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
}

/** Resolves the GitOps location: `--gitops`, else ZAVE_GITOPS, else `./gitops`. URLs are returned unchanged. */
export function resolveGitOpsLocation(flag: string | undefined, env: Record<string, string | undefined>, cwd: string): string {
  const given = flag || env.ZAVE_GITOPS;
  if (given && isRemoteUrl(given)) return given;
  return resolveGitOpsDir(flag, env, cwd).dir;
}

/** True for git URLs (scheme://… or scp-like user@host:path), false for local paths. */
export function isRemoteUrl(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location) || /^[^/\\:@]+@[^/\\:]+:/.test(location);
}
