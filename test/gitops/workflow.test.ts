import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { embeddedGitOpsFiles } from '../../src/gitops/embedded';
import { gitopsWorkflowYaml } from '../../src/gitops/repo-files';

// @actions/workflow-parser is ESM and imports JSON without an import attribute, which Node 20
// refuses: run it in a child process with a loader hook that marks .json imports as JSON.
const LOADER = `export async function load(url, context, next) {
  if (url.endsWith('.json')) return next(url, { ...context, importAttributes: { type: 'json' } });
  return next(url, context);
}
`;
const CHECK = `import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
register(pathToFileURL(process.argv[2]));
const { parseWorkflow, NoOperationTraceWriter, convertWorkflowTemplate } = await import(process.argv[3]);
const result = parseWorkflow({ name: 'gitops.yml', content: readFileSync(0, 'utf8') }, new NoOperationTraceWriter());
const errors = result.context.errors.getErrors().map((e) => e.message);
if (result.value) {
  const template = await convertWorkflowTemplate(result.context, result.value);
  for (const e of template.errors ?? []) errors.push(e.Message ?? e.message ?? String(e));
}
console.log(JSON.stringify(errors));
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-wfp-'));
  fs.writeFileSync(path.join(dir, 'loader.mjs'), LOADER);
  fs.writeFileSync(path.join(dir, 'check.mjs'), CHECK);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function workflowErrors(content: string): string[] {
  // ESM-only package (no "require" export): point at its entry file.
  const parser = path.join(__dirname, '..', '..', 'node_modules', '@actions', 'workflow-parser', 'dist', 'index.js');
  const out = execFileSync(process.execPath, [path.join(dir, 'check.mjs'), path.join(dir, 'loader.mjs'), parser], { input: content, encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

describe('the GitOps CI workflow is valid GitHub Actions (checked by GitHub\'s own parser)', () => {
  test('the parser reports a broken workflow (so the check can fail)', () => {
    expect(workflowErrors('on:\n  push: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n    bogus: 1\n')[0]).toContain("Unexpected value 'bogus'");
  });

  test.each([
    ['projen project (npm ci, npx zave)', gitopsWorkflowYaml({ install: 'npm-ci' }, '# generated')],
    ['embedded repository (npx --package)', embeddedGitOpsFiles()['.github/workflows/gitops.yml']],
  ])('%s', (_name, text) => {
    expect(workflowErrors(text)).toEqual([]);
    expect(text).toContain('synth --check');
    expect(text).toContain('status --format html --output fleet.html');
    expect(text).toContain('uses: actions/upload-artifact@v4');
  });
});
