// Validates GitHub Actions workflow files with GitHub's own parser (@actions/workflow-parser).
// Usage: node validate-workflows.mjs FILE...   Prints one JSON line: {"<file>": ["error", ...], ...}.
import { register } from 'node:module';
import { readFileSync } from 'node:fs';

register(new URL('./json-loader.mjs', import.meta.url));
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import('@actions/workflow-parser');

const report = {};
for (const file of process.argv.slice(2)) {
  const content = readFileSync(file, 'utf8');
  const parsed = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    for (const e of template.errors ?? []) errors.push(e.Message ?? e.message ?? String(e));
  } else if (errors.length === 0) {
    errors.push('parser returned no workflow');
  }
  report[file] = [...new Set(errors)];
}
process.stdout.write(JSON.stringify(report) + '\n');
