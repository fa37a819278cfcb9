/* Builds fleets (a GitOps repository and tenant repositories, real git) in temporary folders. */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Contract } from '../../src/contract';
import { ensureEmbeddedGitOps, environmentStateYaml, synthesize } from '../../src/gitops/internal';
import { LifecycleResult, promoteImage, proposeImage } from '../../src/gitops/lifecycle';
import { libraryVersion } from '../../src/gitops/synth/fingerprint';
import { onboardService } from '../../src/projects/onboarding';
import { readEnvironmentImages } from '../../src/status/sources';

export const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'contracts');
/** Version tenant records are stamped with in these fleets. */
export const PLATFORM_VERSION = '0.1.0';
/** Version the GitOps plane renders with (the package version): the synth cache and GitOps record carry it. */
export const RENDER_VERSION = libraryVersion();

export const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Fleet Test',
  GIT_AUTHOR_EMAIL: 'fleet@example.com',
  GIT_COMMITTER_NAME: 'Fleet Test',
  GIT_COMMITTER_EMAIL: 'fleet@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  // Fixed dates make commit ids (and so the offenders that name them) reproducible.
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { env: GIT_ENV, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

export function write(dir: string, rel: string, text: string): void {
  const abs = path.join(dir, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, text);
}

/** Commits everything in `dir` with a message and optional trailers. */
export function commit(dir: string, subject: string, trailers: Record<string, string> = {}): string {
  git(dir, 'add', '-A');
  const body = Object.entries(trailers).map(([k, v]) => `${k}: ${v}`).join('\n');
  git(dir, 'commit', '-q', '--allow-empty', '-m', body ? `${subject}\n\n${body}` : subject);
  return git(dir, 'rev-parse', 'HEAD').trim();
}


const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** A fleet on disk. */
export interface FleetDirs {
  readonly root: string;
  readonly gitops: string;
  readonly repos: string;
  repo(service: string): string;
  cleanup(): void;
}

/** The README's example workloads: service name -> contract text. */
export function exampleContracts(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(EXAMPLES).filter((n) => n.endsWith('.yaml')).sort()) {
    const text = fs.readFileSync(path.join(EXAMPLES, f), 'utf8');
    out[/^service:\s*(\S+)/m.exec(text)![1]] = text;
  }
  return out;
}

/** Re-renders deploy/ of the GitOps repository with the real synth, without committing. */
export async function synth(gitops: string): Promise<void> {
  const result = await synthesize({ repoDir: gitops, workers: 0 });
  if (!result.ok) throw new Error(`fixture synth failed: ${result.summary}\n${result.issues.map((i) => `${i.file}:${i.line} ${i.message}`).join('\n')}`);
}

/** A digest-pinned image reference (the GitOps plane requires pins after the first environment, and promote copies dev's). */
export function imageFor(service: string, _env: string, version = '1.0.0'): string {
  return `registry.example.com/${service}@sha256:${sha256(`${service}:${version}`)}`;
}

/** Merges a lifecycle branch into main the way a reviewed pull request is merged (a merge commit). */
export function mergeProposal(gitops: string, result: LifecycleResult): void {
  if (!result.changed) throw new Error(`fixture: ${result.verb} ${result.service} changed nothing`);
  git(gitops, 'merge', '-q', '--no-ff', '-m', `Merge pull request: ${result.title ?? result.branch}`, result.branch);
}

/** Sets an image in environments/<env>.yaml (sorted), without committing. */
export function setImage(gitops: string, env: string, service: string, image: string): void {
  const file = path.join(gitops, 'environments', `${env}.yaml`);
  const images = fs.existsSync(file) ? readEnvironmentImages(fs.readFileSync(file, 'utf8')) ?? {} : {};
  images[service] = image;
  write(gitops, `environments/${env}.yaml`, environmentStateYaml(env, images));
}

/** Proposes (dev) or promotes an image the way the lifecycle verbs do: state + render + trailers. */
export async function propose(gitops: string, env: string, service: string, image: string, verb = 'propose'): Promise<string> {
  setImage(gitops, env, service, image);
  await synth(gitops);
  return commit(gitops, `${verb}: ${service} ${image} to ${env}`, { 'Zave-Verb': verb, 'Zave-Service': service, 'Zave-Environment': env, 'Zave-Image': image });
}

/** Registers a workload the way `zave register` does. */
export function register(gitops: string, service: string, contract: string, repository: string): string {
  write(gitops, `workloads/${service}/zave.yaml`, contract);
  write(gitops, `workloads/${service}/registration.yaml`, `apiVersion: zave.dev/v1\nkind: Registration\nrepository: ${repository}\nservice: ${service}\n`);
  return commit(gitops, `register ${service}`, { 'Zave-Verb': 'register', 'Zave-Service': service });
}

/** Generated files of a tenant repository (what `zave init` writes besides zave.yaml). */
export function generatedFiles(service: string): Record<string, string> {
  return {
    '.dockerignore': 'node_modules\n.git\n',
    '.github/workflows/ci.yml': `# Generated by zave. DO NOT EDIT.\nname: ci\non: [push, pull_request]\njobs:\n  platform:\n    uses: zave/platform-workflows/.github/workflows/service.yml@v1\n    with:\n      service: ${service}\n`,
    'Dockerfile': '# Generated by zave. DO NOT EDIT.\nFROM gcr.io/distroless/static:nonroot\nUSER 65532\n',
  };
}

/** Writes generated files plus a record listing their hashes (a regeneration), without committing. */
export function regenerate(dir: string, service: string, files: Record<string, string>, onboardedBy = 'zave init'): void {
  for (const [rel, text] of Object.entries(files)) write(dir, rel, text);
  const record = {
    apiVersion: 'zave.dev/v1',
    contract: 'zave.yaml',
    generatedFiles: Object.keys(files).sort().map((p) => ({ path: p, sha256: sha256(fs.readFileSync(path.join(dir, p))) })),
    kind: 'service',
    onboardedBy,
    platformVersion: PLATFORM_VERSION,
    service,
  };
  write(dir, '.zave/repository.json', `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * A fleet that passes every criterion, built with the real planes: the embedded GitOps repository,
 * each example contract onboarded with `zave init` (tenant repository and registration branch),
 * proposed to dev, the HTTP services promoted to staging and prod, every branch merged like a
 * reviewed pull request.
 */
export async function passingFleet(services?: string[]): Promise<FleetDirs> {
  const wanted = services ?? BUILD_ORDER;
  const key = wanted.join(',');
  if (!TEMPLATES.has(key)) {
    if (BUILD_ORDER.slice(0, wanted.length).join(',') !== key) throw new Error(`fixture: fleets are prefixes of ${BUILD_ORDER.join(', ')}; got ${key}`);
    await buildTemplates();
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-status-fleet-'));
  fs.cpSync(TEMPLATES.get(key)!.root, root, { recursive: true });
  return fleetAt(root);
}

/**
 * Onboarding order of the example workloads. Each prefix of it is a template fleet: one build
 * (about 14 lifecycle verbs, each re-rendering) yields them all, and every test copies one.
 */
export const BUILD_ORDER = ['ledger', 'payments-api', 'email-worker', 'legacy-gateway', 'nightly-report'];

const TEMPLATES = new Map<string, FleetDirs>();
let privateTmp: string | undefined;

/** Removes the template fleets (call from `afterAll` of every test file that uses passingFleet). */
export function releaseFleets(): void {
  if (privateTmp) fs.rmSync(privateTmp, { recursive: true, force: true });
  privateTmp = undefined;
  TEMPLATES.clear();
}

function fleetAt(root: string): FleetDirs {
  const gitops = path.join(root, 'gitops');
  const repos = path.join(root, 'repos');
  return {
    root,
    gitops,
    repos,
    repo: (s) => path.join(repos, s),
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

async function buildTemplates(): Promise<void> {
  // Every template (and its build) lives in one private folder that releaseFleets removes.
  privateTmp = privateTmp ?? fs.mkdtempSync(path.join(os.tmpdir(), 'zave-status-tmp-'));
  await buildTemplatesIn(fs.mkdtempSync(path.join(privateTmp, 'build-')));
}

async function buildTemplatesIn(root: string): Promise<void> {
  const gitops = path.join(root, 'gitops');
  const repos = path.join(root, 'repos');
  await ensureEmbeddedGitOps(gitops, GIT_ENV);
  const contracts = exampleContracts();
  for (const [i, service] of BUILD_ORDER.entries()) {
    const env = GIT_ENV;
    // zave init: the tenant repository through ZaveServiceProject, first commit, registration branch.
    // The resolved runtime is passed on: the project type's own default (node) differs from the contract's (container).
    const contract = Contract.parse(contracts[service]).contract!;
    const options = { ...contract, runtime: Contract.resolve(contract).runtime };
    const onboarded = await onboardService({ options, dir: path.join(repos, service), gitops, env });
    git(gitops, 'merge', '-q', '--no-ff', '-m', `Merge pull request: register ${service}`, onboarded.registration.branch);
    // The lifecycle verbs, each merged like a reviewed pull request.
    mergeProposal(gitops, await proposeImage({ gitops, env, service, image: imageFor(service, 'dev'), environment: 'dev' }));
    if (!/exposure: none|schedule:/.test(contracts[service])) {
      mergeProposal(gitops, await promoteImage({ gitops, env, service, from: 'dev', to: 'staging' }));
      mergeProposal(gitops, await promoteImage({ gitops, env, service, from: 'staging', to: 'prod' }));
    }
    const snapshot = fs.mkdtempSync(path.join(path.dirname(root), 'template-'));
    fs.cpSync(root, snapshot, { recursive: true });
    TEMPLATES.set(BUILD_ORDER.slice(0, i + 1).join(','), fleetAt(snapshot));
  }
  fs.rmSync(root, { recursive: true, force: true });
}
