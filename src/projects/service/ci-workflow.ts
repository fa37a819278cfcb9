import { toOrderedYaml } from '../../common/yaml-output';

/** Where the shared workflows live and which version the tenant CI binds to. */
export interface WorkflowBinding {
  /** GitHub `owner/name` of the platform workflows repository. */
  readonly repository: string;
  /** Git ref (tag) of the workflows. */
  readonly ref: string;
}

/**
 * The tenant's `.github/workflows/ci.yml`: only calls to the shared reusable workflows, in the
 * order validate -> build -> propose. It passes the contract path, and to propose the image the
 * build produced; propose alone inherits secrets (the GitOps repository token is an organisation
 * secret the tenant never names).
 */
export function ciWorkflow(binding: WorkflowBinding, contractPath = 'zave.yaml'): string {
  const uses = (name: string) => `${binding.repository}/.github/workflows/${name}.yml@${binding.ref}`;
  const header = [
    '# validate -> build -> propose, ordered by needs. Every step lives in',
    `# ${binding.repository}@${binding.ref}; this file only passes the contract`,
    '# path, and to propose the image build pushed (by digest) with the',
    '# contract; a commit that changes only the contract proposes it alone.',
  ].join('\n');
  return `${header}\n` + toOrderedYaml({
    name: 'ci',
    on: { push: { branches: ['main'] }, pull_request: { branches: ['main'] } },
    permissions: { contents: 'read' },
    concurrency: { 'group': 'ci-${{ github.ref }}', 'cancel-in-progress': true },
    jobs: {
      validate: {
        uses: uses('validate'),
        with: { contract: contractPath },
      },
      build: {
        needs: ['validate'],
        if: "needs.validate.outputs.contract-only != 'true'",
        uses: uses('build'),
        permissions: { contents: 'read', packages: 'write' },
        with: { contract: contractPath },
      },
      propose: {
        needs: ['validate', 'build'],
        // After a build, or alone when the commit changed only the contract (build skipped).
        if: "!failure() && !cancelled() && github.ref == 'refs/heads/main'",
        uses: uses('propose'),
        with: { contract: contractPath, image: '${{ needs.build.outputs.image }}' },
        secrets: 'inherit',
      },
    },
  });
}
