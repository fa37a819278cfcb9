import { cdk8s, javascript } from 'projen';

/**
 * @zave/platform — the repository itself is managed by projen.
 * Edit this file, then run `npx projen` to regenerate package.json, tsconfig, jest and CI files.
 */
const project = new cdk8s.ConstructLibraryCdk8s({
  name: '@zave/platform',
  description: 'Contract-first internal developer platform: one zave.yaml in, a deployable, GitOps-registered workload out.',
  author: 'zave platform team',
  authorAddress: 'platform@zave.dev',
  repositoryUrl: 'https://github.com/zave/platform.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  // Toolchain pinned to what is known to work together (see README "Toolchain").
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~5.9.0',
  cdk8sVersion: '2.70.0',
  constructsVersion: '10.5.0',

  release: false,
  github: false,
  depsUpgrade: false,
  docgen: true,

  peerDeps: ['cdk8s-plus-28@^2.5.6', 'projen@^0.103.25'],
  bundledDeps: ['zod@^4.1.0', 'yaml@^2.8.0', '@octokit/rest@^20.1.1'],
  devDeps: [
    '@types/node@^20',
    'ajv@^8.17.0',
    'fast-check@^4.0.0',
    'dockerfile-ast@^0.7.0',
    '@actions/workflow-parser@^0.3.0',
    'kubernetes-models@4.5.1',
    '@kubernetes-models/argo-cd@2.7.2',
    '@kubernetes-models/cert-manager@4.4.4',
    '@kubernetes-models/prometheus-operator@4.4.4',
    'playwright-core@^1.50.0',
  ],

  bin: { zave: 'bin/zave' },

  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 120_000,
      testPathIgnorePatterns: ['/node_modules/', '/lib/', '/examples/'],
    },
  },
  tsconfigDev: { compilerOptions: {}, include: ['bench/**/*.ts', 'examples/**/*.ts'] },
  gitignore: ['/bench/results.json', '/gitops/', '*.tgz', '/.zave-tmp/', '/.zave-demo/', '/test-screenshots/'],
});

// Contract JSON Schemas (schemas/zave.dev/v1.json) ship in the package at versioned paths that never change.
project.npmignore?.exclude('/bench/', '/lib/bench/', '/gitops/', '/.zave-demo/', '/.ci/');

// Long literal messages and generated-file templates read better unwrapped.
project.eslint?.addRules({
  '@stylistic/max-len': ['error', { code: 180, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreComments: true, ignoreRegExpLiterals: true }],
});

project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '1');

const bench = project.addTask('bench', {
  description: 'Fleet-scale synth benchmark (prints a table, writes bench/results.json); flags: npm run bench -- --quick',
});
bench.spawn(project.compileTask);
bench.exec('node --expose-gc lib/bench/main.js', { receiveArgs: true });

// Quick start: the whole flow on an embedded local GitOps repository (no GitHub, no cluster).
const demo = project.addTask('demo', {
  description: 'Onboard payments-api into a fresh local GitOps repo under .zave-demo/ and check the rendered state',
});
demo.spawn(project.compileTask);
demo.exec('rm -rf .zave-demo && mkdir -p .zave-demo && git init -q --bare .zave-demo/remotes/payments-api.git');
demo.exec('node bin/zave init http-service --name payments-api --runtime node --database postgres --exposure public-http --gitops .zave-demo/gitops --dir .zave-demo/payments-api --remote .zave-demo/remotes/payments-api.git');
demo.say('Reviewer merges the registration pull request (here: a fast-forward of the local branch)');
demo.exec('git -C .zave-demo/gitops merge -q --ff-only zave/register-payments-api');
demo.say('CI built an image: propose it to dev (a branch on the GitOps repo, never a cluster)');
demo.exec('node bin/zave propose --service payments-api --image ghcr.io/acme/payments-api:1.0.0 --env dev --gitops .zave-demo/gitops');
demo.exec('git -C .zave-demo/gitops merge -q --ff-only zave/propose-payments-api-dev');
demo.say('The rendered state equals the intent:');
demo.exec('node bin/zave synth --repo .zave-demo/gitops --check');
demo.exec('cd .zave-demo/gitops && git ls-files deploy/dev deploy/applications/dev deploy/bootstrap/dev.yaml');
demo.exec('node bin/zave status --gitops .zave-demo/gitops --repos .zave-demo/payments-api');

project.synth();
