import { toOrderedYaml } from '../../common/yaml-output';
import { NODE_LTS_MAJOR, PLATFORM_PACKAGE } from '../common/platform-version';

/** Settings shared by the reusable workflows. */
export interface WorkflowSettings {
  /** Version of the platform package `npx zave` runs. */
  readonly platformVersion: string;
  /** Default GitHub `owner/name` of the GitOps repository proposals go to. */
  readonly gitopsRepository: string;
  /** Default container registry images are pushed to. */
  readonly registry: string;
}

const CHECKOUT = { name: 'Check out', uses: 'actions/checkout@v4', with: { 'persist-credentials': false } };
const SETUP_NODE = { name: 'Set up Node.js', uses: 'actions/setup-node@v4', with: { 'node-version': NODE_LTS_MAJOR } };
const CONTRACT_INPUT = { description: 'Path of the workload contract', type: 'string', required: false, default: 'zave.yaml' };

/** Job environment: `$ZAVE` runs the pinned platform CLI (keeps every `run` line short). */
function zaveEnv(settings: WorkflowSettings): Record<string, string> {
  return { ZAVE: `npx --yes --package ${PLATFORM_PACKAGE}@${settings.platformVersion} zave` };
}

/** Shell lines that set `$service` from the contract, read by zave's own parser (its errors go to the log). */
const SERVICE_FROM_CONTRACT = [
  'service="$($ZAVE explain "$CONTRACT" --format json | jq -r .service)"',
  'test -n "$service" || exit 1',
].join('\n');

/**
 * `validate.yml`: `zave validate` on the contract. Read-only, no secrets. Outputs `contract-only`:
 * true when the pushed commit changed the contract and nothing else, so the caller skips the build and
 * proposes the contract alone (a release with the image already running).
 */
export function validateWorkflow(settings: WorkflowSettings): string {
  return toOrderedYaml({
    name: 'validate',
    on: {
      workflow_call: {
        inputs: { contract: CONTRACT_INPUT },
        outputs: {
          'contract-only': {
            description: 'true when the commit changed only the contract',
            value: '${{ jobs.validate.outputs.contract-only }}',
          },
        },
      },
    },
    permissions: { contents: 'read' },
    jobs: {
      validate: {
        'name': 'Validate the contract',
        'runs-on': 'ubuntu-latest',
        'permissions': { contents: 'read' },
        'env': zaveEnv(settings),
        'outputs': { 'contract-only': '${{ steps.changes.outputs.contract-only }}' },
        'steps': [
          { ...CHECKOUT, with: { ...CHECKOUT.with, 'fetch-depth': 2 } },
          SETUP_NODE,
          { name: 'zave validate', env: { CONTRACT: '${{ inputs.contract }}' }, run: '$ZAVE validate "$CONTRACT"' },
          {
            name: 'What the commit changed',
            id: 'changes',
            env: { CONTRACT: '${{ inputs.contract }}' },
            run: [
              'changed="$(git diff --name-only HEAD^ HEAD || echo unknown)"',
              'only=false',
              '[ "$changed" = "$CONTRACT" ] && only=true',
              'echo "contract-only=${only}" >> "$GITHUB_OUTPUT"',
              '',
            ].join('\n'),
          },
        ],
      },
    },
  });
}

/**
 * `build.yml`: docker buildx build and push with provenance and an SBOM; outputs the pushed image
 * by digest. Pushes only on a push event (pull requests build without pushing).
 */
export function buildWorkflow(settings: WorkflowSettings): string {
  return toOrderedYaml({
    name: 'build',
    on: {
      workflow_call: {
        inputs: {
          contract: CONTRACT_INPUT,
          context: { description: 'Docker build context', type: 'string', required: false, default: '.' },
          registry: { description: 'Container registry', type: 'string', required: false, default: settings.registry },
        },
        outputs: {
          image: {
            description: 'Pushed image, <name>@sha256:<digest> (empty: not pushed)',
            value: '${{ jobs.build.outputs.image }}',
          },
          digest: { description: 'The image digest, sha256:<hex>', value: '${{ jobs.build.outputs.digest }}' },
        },
      },
    },
    permissions: { contents: 'read' },
    jobs: {
      build: {
        'name': 'Build and push the image',
        'runs-on': 'ubuntu-latest',
        'permissions': { contents: 'read', packages: 'write' },
        'env': zaveEnv(settings),
        'outputs': { image: '${{ steps.ref.outputs.image }}', digest: '${{ steps.push.outputs.digest }}' },
        'steps': [
          CHECKOUT,
          SETUP_NODE,
          { name: 'zave validate', env: { CONTRACT: '${{ inputs.contract }}' }, run: '$ZAVE validate "$CONTRACT"' },
          {
            name: 'Image name',
            id: 'name',
            env: { CONTRACT: '${{ inputs.contract }}', REGISTRY: '${{ inputs.registry }}', OWNER: '${{ github.repository_owner }}' },
            run: [
              SERVICE_FROM_CONTRACT,
              'echo "name=${REGISTRY}/${OWNER,,}/${service}" >> "$GITHUB_OUTPUT"',
            ].join('\n'),
          },
          { name: 'Set up Docker Buildx', uses: 'docker/setup-buildx-action@v3' },
          {
            name: 'Log in to the registry',
            if: "github.event_name == 'push'",
            uses: 'docker/login-action@v3',
            with: { registry: '${{ inputs.registry }}', username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' },
          },
          {
            name: 'Build and push',
            id: 'push',
            uses: 'docker/build-push-action@v6',
            with: {
              context: '${{ inputs.context }}',
              push: "${{ github.event_name == 'push' }}",
              provenance: 'mode=max',
              sbom: true,
              tags: '${{ steps.name.outputs.name }}:${{ github.sha }}',
            },
          },
          {
            name: 'Image reference by digest',
            id: 'ref',
            if: "github.event_name == 'push'",
            env: { NAME: '${{ steps.name.outputs.name }}', DIGEST: '${{ steps.push.outputs.digest }}' },
            run: 'echo "image=${NAME}@${DIGEST}" >> "$GITHUB_OUTPUT"',
          },
        ],
      },
    },
  });
}

/**
 * `propose.yml`: `zave propose` for dev on the GitOps repository with the image by digest. The
 * GitOps token comes from the `ZAVE_GITOPS_TOKEN` secret; there are no cluster credentials.
 */
export function proposeWorkflow(settings: WorkflowSettings): string {
  return toOrderedYaml({
    name: 'propose',
    on: {
      workflow_call: {
        inputs: {
          contract: CONTRACT_INPUT,
          image: {
            description: 'Image by digest; empty: keep the one running there',
            type: 'string',
            required: false,
            default: '',
          },
          environment: { description: 'Environment to propose to', type: 'string', required: false, default: 'dev' },
          gitops: {
            description: 'GitHub owner/name of the GitOps repository',
            type: 'string',
            required: false,
            default: settings.gitopsRepository,
          },
        },
        secrets: {
          ZAVE_GITOPS_TOKEN: {
            description: 'Pushes branches and opens pull requests on the GitOps repo',
            required: true,
          },
        },
        outputs: {
          branch: {
            description: 'The proposal branch on the GitOps repository',
            value: '${{ jobs.propose.outputs.branch }}',
          },
        },
      },
    },
    permissions: { contents: 'read' },
    jobs: {
      propose: {
        'name': 'Propose the image to the GitOps repository',
        'runs-on': 'ubuntu-latest',
        'permissions': { contents: 'read' },
        'env': zaveEnv(settings),
        'outputs': { branch: '${{ steps.propose.outputs.branch }}' },
        'steps': [
          CHECKOUT,
          SETUP_NODE,
          {
            name: 'zave propose',
            id: 'propose',
            env: {
              CONTRACT: '${{ inputs.contract }}',
              IMAGE: '${{ inputs.image }}',
              ENVIRONMENT: '${{ inputs.environment }}',
              GITOPS: '${{ inputs.gitops }}',
              GITHUB_TOKEN: '${{ secrets.ZAVE_GITOPS_TOKEN }}',
            },
            run: [
              SERVICE_FROM_CONTRACT,
              'prefix="https://x-access-token:${GITHUB_TOKEN}@github.com/"',
              'git config --global "url.${prefix}.insteadOf" https://github.com/',
              '# One release: the contract, and the image built from it.',
              'image=()',
              '[ -n "$IMAGE" ] && image=(--image "$IMAGE")',
              '$ZAVE propose --service "$service" --contract "$CONTRACT" \\',
              '  "${image[@]}" --env "$ENVIRONMENT" \\',
              '  --gitops "https://github.com/${GITOPS}.git"',
              'branch="zave/propose-${service}-${ENVIRONMENT}"',
              'echo "branch=${branch}" >> "$GITHUB_OUTPUT"',
            ].join('\n'),
          },
        ],
      },
    },
  });
}
