import * as fs from 'fs';
import * as path from 'path';
import { git } from './git';
import { discardRegistration, ensureGitOps, GitOpsTarget, registerInGitOps, RegistrationResult } from './gitops-adapter';
import { ciRemote, missingRemoteMessage } from './remote';
import { OnboardingStep } from './steps';
import { ResolvedWorkload } from '../../contract/resolved';
import { loadContractSource } from '../service/contract-source';
import { ZaveServiceProject } from '../service/zave-service-project';
import { ZaveServiceProjectOptions } from '../service/zave-service-project-options';


/** What to onboard and where. */
export interface OnboardingRequest {
  /** Contract fields and repository options (service required). */
  readonly options: ZaveServiceProjectOptions;
  /** Absolute path of the tenant repository to create (absent or empty). */
  readonly dir: string;
  /** Absolute path of the GitOps repository checkout (created when absent). */
  readonly gitops: string;
  /** Environment for git (identity, config). */
  readonly env: Record<string, string | undefined>;
  /**
   * Remote URL of the tenant repository (empty): main is pushed there and the URL is registered as the owner.
   * @default - in CI, GITHUB_SERVER_URL/GITHUB_REPOSITORY; otherwise the local path, allowed only with a local (embedded) GitOps checkout
   */
  readonly remote?: string;
  /** Test hook: throw right after this step completes. */
  readonly failAfter?: OnboardingStep;
}

/** What onboarding produced. */
export interface OnboardingResult {
  readonly workload: ResolvedWorkload;
  readonly dir: string;
  readonly commit: string;
  readonly generatedFiles: string[];
  readonly scaffoldFiles: string[];
  readonly gitops: GitOpsTarget;
  readonly registration: RegistrationResult;
}

/** Progress reporter: one call per completed step. */
export type OnboardingProgress = (step: OnboardingStep, detail: string) => void;

/** Why a target directory cannot be used; undefined when it can. */
export function targetDirProblem(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  if (!fs.statSync(dir).isDirectory()) return `${dir} exists and is not a directory`;
  const entries = fs.readdirSync(dir);
  return entries.length > 0 ? `${dir} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}); pass --dir with a new or empty directory` : undefined;
}

/**
 * What the registration records as the owner: the remote URL (given, or CI's). Without one, only a
 * local (embedded) GitOps checkout accepts the local path; a remote GitOps repository is refused,
 * since nothing could reach the tenant repository later (zave upgrade, status).
 */
function ownerRepository(remote: string | undefined, env: Record<string, string | undefined>, gitops: GitOpsTarget): string | undefined {
  const url = remote ?? ciRemote(env);
  if (url) return url;
  if (gitops.remote) throw new Error(missingRemoteMessage());
  return undefined;
}

/**
 * Onboards a service: writes the contract, generates the repository through ZaveServiceProject
 * (in-process, no package installation) in a staging directory, makes the first commit, moves it
 * into place, then registers it in the GitOps repository. All or nothing: on any failure the
 * created directory is removed and a GitOps repository created by this run is removed too.
 */
export async function onboardService(request: OnboardingRequest, progress: OnboardingProgress = () => undefined): Promise<OnboardingResult> {
  const dir = path.resolve(request.dir);
  const problem = targetDirProblem(dir);
  if (problem) throw new Error(problem);
  const existedEmpty = fs.existsSync(dir);
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(dir)}.zave-init-`));
  let movedIntoPlace = false;
  let gitops: GitOpsTarget | undefined;
  let registration: RegistrationResult | undefined;
  const check = (step: OnboardingStep) => {
    if (request.failAfter === step) throw new Error(`injected failure after step ${step}`);
  };
  try {
    const source = loadContractSource(staging, request.options);
    fs.writeFileSync(path.join(staging, 'zave.yaml'), source.newText ?? '');
    progress('contract', `zave.yaml written for ${source.contract.service}`);
    check('contract');

    const project = new ZaveServiceProject({ ...request.options, outdir: staging, onboardedBy: 'zave init' });
    project.synth();
    progress('repository', `${project.generatedPaths.length} generated files, ${project.scaffoldPaths.length + 1} files of yours`);
    check('repository');

    git(staging, ['-c', 'init.defaultBranch=main', 'init', '-q', '-b', 'main'], request.env);
    git(staging, ['add', '-A'], request.env);
    git(staging, ['commit', '-q', '-m', `Onboard ${project.workload.service} with zave init`, '-m', `Zave-Verb: init\nZave-Service: ${project.workload.service}`], request.env);
    const commit = git(staging, ['rev-parse', 'HEAD'], request.env);
    if (request.remote) {
      const heads = git(staging, ['ls-remote', '--heads', '--', request.remote], request.env);
      if (heads !== '') throw new Error(`the remote ${request.remote} is not empty; zave init pushes a new repository into an empty one (create it without a README)`);
    }
    if (existedEmpty) fs.rmdirSync(dir);
    fs.renameSync(staging, dir);
    movedIntoPlace = true;
    if (request.remote) {
      git(dir, ['remote', 'add', 'origin', request.remote], request.env);
      git(dir, ['push', '-q', '-u', 'origin', 'main'], request.env);
    }
    progress('commit', `first commit ${commit.slice(0, 7)} on main${request.remote ? `, pushed to ${request.remote}` : ''}`);
    check('commit');

    gitops = await ensureGitOps(request.gitops, request.env);
    progress('gitops', gitops.created ? `embedded GitOps repository created at ${gitops.dir}` : `${gitops.remote ? 'remote ' : ''}GitOps repository ${gitops.dir}`);
    check('gitops');

    registration = await registerInGitOps(gitops, {
      service: project.workload.service,
      contractText: fs.readFileSync(path.join(dir, 'zave.yaml'), 'utf8'),
      repository: ownerRepository(request.remote, request.env, gitops) ?? fs.realpathSync(dir),
    }, request.env);
    progress('register', `branch ${registration.branch}${registration.pushed ? ' pushed' : ''} (${registration.commit.slice(0, 7)})`);
    check('register');

    return {
      workload: project.workload,
      dir,
      commit,
      generatedFiles: project.generatedPaths,
      scaffoldFiles: ['zave.yaml', ...project.scaffoldPaths].sort(),
      gitops,
      registration,
    };
  } catch (e) {
    fs.rmSync(movedIntoPlace ? dir : staging, { recursive: true, force: true });
    if (movedIntoPlace && existedEmpty) fs.mkdirSync(dir);
    if (!movedIntoPlace) fs.rmSync(staging, { recursive: true, force: true });
    if (gitops?.created) fs.rmSync(gitops.dir, { recursive: true, force: true });
    else if (gitops && registration) await discardRegistration(gitops, registration, request.env);
    throw e;
  }
}
