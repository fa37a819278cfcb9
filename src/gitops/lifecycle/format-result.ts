import { LifecycleResult } from './types';

/** A lifecycle result for people: summary, then the pull-request outcome, or instructions with the title and description to use. */
export function formatLifecycleResult(result: LifecycleResult): string {
  const lines = [result.changed ? result.summary : `unchanged: ${result.summary}`];
  if (result.changed && result.commit) lines.push(`commit ${result.commit} on ${result.branch} (base ${result.base})`);
  if (result.changed && !result.commit && result.files) {
    lines.push('dry run: nothing was written. The change would touch:');
    for (const f of result.files) lines.push(`  ${f.change === 'removed' ? 'remove' : 'write '} ${f.path}`);
    if (result.title && result.body) lines.push('', `Pull-request title: ${result.title}`, 'Pull-request description:', '', result.body.trimEnd());
  }
  const pr = result.pullRequest;
  if (pr?.action === 'created' || pr?.action === 'updated') lines.push(`pull request ${pr.action}: ${pr.url ?? `#${pr.number}`}`);
  if (pr?.instructions) lines.push(pr.instructions);
  if (pr?.action === 'instructions' && result.title && result.body) {
    lines.push('', `Pull-request title: ${result.title}`, 'Pull-request description:', '', result.body.trimEnd());
  }
  return lines.join('\n') + '\n';
}
