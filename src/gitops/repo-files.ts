import { NODE_LTS_MAJOR } from '../common/platform-constants';
import { GENERATED_HEADER, toOrderedYaml, yamlDocument } from '../common/yaml-output';

/** Lines of the GitOps repository's .gitignore (synth's staging area, lock and cache never go to Git). */
export const GITOPS_GITIGNORE = ['/.zave-tmp/', '/.zave-tmp.lock', '/deploy/.zave-synth.json', 'node_modules/'];

/** How the GitOps CI workflow gets the zave CLI. */
export interface GitOpsWorkflowOptions {
  /** `npm-ci` when the repository has a package.json depending on the platform package; otherwise `npx` fetches `packageSpec`. */
  readonly install: 'npm-ci' | 'npx';
  /** Package spec for `npx --package`, e.g. `@zave/platform@1.2.3`. */
  readonly packageSpec?: string;
}

/** The GitOps repository's CI workflow: validates every registered contract and fails when deploy/ is stale. */
export function gitopsWorkflow(options: GitOpsWorkflowOptions): Record<string, unknown> {
  const zave = options.install === 'npm-ci' ? 'npx zave' : `npx --yes --package ${options.packageSpec ?? '@zave/platform'} zave`;
  const steps: Record<string, unknown>[] = [
    // Full history: the fleet page reads promotion history and the open zave/* branches.
    { name: 'Check out', uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } },
    { name: 'Set up Node.js', uses: 'actions/setup-node@v4', with: { 'node-version': NODE_LTS_MAJOR } },
  ];
  if (options.install === 'npm-ci') steps.push({ name: 'Install', run: 'npm ci' });
  steps.push(
    {
      name: 'Validate registered contracts',
      shell: 'bash',
      env: { ZAVE: zave },
      run: [
        'shopt -s nullglob',
        'files=(workloads/*/zave.yaml)',
        'if [ ${#files[@]} -gt 0 ]; then',
        '  $ZAVE validate "${files[@]}"',
        'else',
        '  echo "no workloads registered"',
        'fi',
        '',
      ].join('\n'),
    },
    { name: 'Rendered state equals intent (zave synth --check)', env: { ZAVE: zave }, run: '$ZAVE synth --check' },
    // The fleet page (exit 1 only means a criterion does not pass yet; the page is written anyway).
    { name: 'Fleet page (zave status --format html)', if: 'always()', env: { ZAVE: zave }, run: ['$ZAVE status --format html --output fleet.html ||', '  test -s fleet.html', ''].join('\n') },
    { name: 'Publish the fleet page', if: 'always()', uses: 'actions/upload-artifact@v4', with: { 'name': 'fleet-page', 'path': 'fleet.html', 'if-no-files-found': 'ignore' } },
  );
  return {
    name: 'gitops',
    on: { push: { branches: ['main'] }, pull_request: { branches: ['main'] } },
    permissions: { contents: 'read' },
    concurrency: { 'group': 'gitops-${{ github.ref }}', 'cancel-in-progress': true },
    jobs: { check: { 'name': 'validate and check deploy/', 'runs-on': 'ubuntu-latest', 'timeout-minutes': 15, steps } },
  };
}

/** Text of .github/workflows/gitops.yml: `---`, the generated marker, keys in the conventional workflow order. */
export function gitopsWorkflowYaml(options: GitOpsWorkflowOptions, header: string = GENERATED_HEADER): string {
  return yamlDocument(toOrderedYaml(gitopsWorkflow(options)), [header]);
}

/** README of a GitOps repository. */
export function gitopsReadme(): string {
  return `# GitOps repository

The platform state, managed by zave. Git is the single lifecycle authority: CI proposes changes
here as pull requests, Argo CD reconciles the clusters from \`deploy/\`.

| path | what | written by |
|---|---|---|
| \`platform.yaml\` | environments in promotion order, domains, clusters, capabilities | platform team |
| \`workloads/<service>/zave.yaml\` | registered contract (byte copy of the tenant's) | \`zave register\` |
| \`environments/<env>.yaml\` | image per service per environment (digest-pinned after the first) | \`zave propose\`, \`zave promote\` |
| \`deploy/\` | rendered manifests and Argo CD objects: generated, never hand-edited | \`zave synth\` |

## Bootstrap a cluster
\`\`\`sh
kubectl apply -n argocd -f deploy/bootstrap/<env>.yaml
\`\`\`
The root Application \`zave-<env>\` syncs \`deploy/applications/<env>/\` (an AppProject and one
Application per workload), and each Application syncs \`deploy/<env>/<service>/\`.

## Render and check
\`\`\`sh
npx zave synth           # re-render deploy/ (incremental, atomic)
npx zave synth --check   # exit 1 when deploy/ differs from what synth renders (CI runs this)
\`\`\`
`;
}

/** Path and text of the file that keeps workloads/ in Git before the first registration. */
export const WORKLOADS_KEEP_FILE = 'workloads/.gitkeep';
/** Text of workloads/.gitkeep. */
export const WORKLOADS_KEEP = '# One folder per registered workload: workloads/<service>/zave.yaml (zave register / zave deregister).\n';
