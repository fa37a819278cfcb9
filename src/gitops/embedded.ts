import * as fs from 'fs';
import * as path from 'path';
import { Git } from './git/git';
import { defaultPlatformYaml } from './platform/default';
import { GITOPS_GITIGNORE, gitopsReadme, gitopsWorkflowYaml, WORKLOADS_KEEP, WORKLOADS_KEEP_FILE } from './repo-files';
import { gitopsRepositoryRecord } from './repository-record';
import { environmentStateYaml } from './state/environment-state';
import { libraryVersion } from './synth/fingerprint';


/**
 * Where the GitOps repository is, in resolution order: the flag, ZAVE_GITOPS, the working directory
 * when it is a GitOps repository (has platform.yaml: CI runs zave from the repository root), ./gitops.
 */
export function resolveGitOpsDir(flag: string | undefined, env: Record<string, string | undefined>, cwd: string): { dir: string; source: 'flag' | 'env' | 'cwd' | 'default' } {
  if (flag) return { dir: path.resolve(cwd, flag), source: 'flag' };
  if (env.ZAVE_GITOPS) return { dir: path.resolve(cwd, env.ZAVE_GITOPS), source: 'env' };
  if (fs.existsSync(path.join(cwd, 'platform.yaml'))) return { dir: path.resolve(cwd), source: 'cwd' };
  return { dir: path.resolve(cwd, 'gitops'), source: 'default' };
}

/** Result of `ensureEmbeddedGitOps`. */
export interface EmbeddedGitOpsResult {
  /** Absolute path of the repository. */
  readonly dir: string;
  /** True when the repository was created by this call. */
  readonly created: boolean;
}

/** The files of a new GitOps repository, by repository-relative path (deploy/ excluded: synth writes it). */
export function embeddedGitOpsFiles(environments: readonly string[] = ['dev', 'staging', 'prod']): Record<string, string> {
  const version = libraryVersion();
  const generated: Record<string, string> = {
    '.github/workflows/gitops.yml': gitopsWorkflowYaml({ install: 'npx', packageSpec: `@zave/platform@${version}` }),
    '.gitignore': GITOPS_GITIGNORE.join('\n') + '\n',
    'README.md': gitopsReadme(),
  };
  const files: Record<string, string> = { ...generated, 'platform.yaml': defaultPlatformYaml({ environments: [...environments] }), [WORKLOADS_KEEP_FILE]: WORKLOADS_KEEP };
  for (const env of environments) files[`environments/${env}.yaml`] = environmentStateYaml(env, {});
  files['.zave/repository.json'] = gitopsRepositoryRecord(version, 'zave (embedded default)', generated);
  return files;
}

/**
 * Makes sure a GitOps repository exists at `dir`: when there is none, creates a local Git
 * repository (branch main) with the default platform.yaml, empty workloads/ and environments/,
 * a README, the GitOps CI workflow, `.zave/repository.json`, a rendered deploy/, and a first
 * commit. An existing repository (platform.yaml present) is left alone. Refuses a non-empty
 * directory that is not a GitOps repository. git runs with the one environment policy applied to
 * `env` (the caller's environment: identity, config location).
 */
export async function ensureEmbeddedGitOps(dir: string, env: Record<string, string | undefined> = process.env): Promise<EmbeddedGitOpsResult> {
  const abs = path.resolve(dir);
  if (fs.existsSync(path.join(abs, 'platform.yaml'))) return { dir: abs, created: false };
  if (fs.existsSync(abs) && fs.readdirSync(abs).length > 0) {
    throw new Error(`${abs} exists and is not a GitOps repository (no platform.yaml); point --gitops or ZAVE_GITOPS at the GitOps repository, or at an empty directory`);
  }
  fs.mkdirSync(abs, { recursive: true });
  for (const [rel, content] of Object.entries(embeddedGitOpsFiles())) {
    fs.mkdirSync(path.dirname(path.join(abs, rel)), { recursive: true });
    fs.writeFileSync(path.join(abs, rel), content);
  }
  // Loaded only here: the verbs that import this module render nothing.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthesize } = require('./synth/synthesize') as typeof import('./synth/synthesize');
  const result = await synthesize({ repoDir: abs, workers: 0 });
  if (!result.ok) throw new Error(`the default GitOps repository does not synthesize: ${result.summary}`);
  const git = Git.withEnvironment(abs, env);
  await git.run(['-c', 'init.defaultBranch=main', 'init', '-q', '-b', 'main']);
  await git.run(['add', '-A']);
  await git.run([...await git.fallbackIdentity(), 'commit', '-q', '-m', 'Create the GitOps repository (zave embedded default)']);
  return { dir: abs, created: true };
}
