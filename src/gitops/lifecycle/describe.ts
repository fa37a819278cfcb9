import { EnvironmentChange, formatObjectRef, ObjectChange, ObjectRef } from './deploy-diff';

/** The lifecycle verbs (the `Zave-Verb` trailer); `delete-data` is `zave deregister --delete-data`. */
export type LifecycleVerb = 'register' | 'propose' | 'promote' | 'deregister' | 'rollback' | 'delete-data';

/** An image moving in one environment. */
export interface ImageChange {
  readonly environment: string;
  /** Previous reference; undefined when the service had none there. */
  readonly from?: string;
  /** New reference; undefined when it is removed. */
  readonly to?: string;
}

/** A contract revision moving in one environment, with the fields that change. */
export interface ContractChange {
  readonly environment: string;
  /** Previous revision (`sha256:<hex>`). */
  readonly from?: string;
  /** New revision. */
  readonly to: string;
  /** `field: before → after`, as the resolved contracts differ. */
  readonly fields: readonly string[];
}

/** Everything a change description is made of (no clock, no host: the text is deterministic). */
export interface ChangeDescriptionInput {
  readonly verb: LifecycleVerb;
  readonly service: string;
  /** One line: the commit subject and pull-request title. */
  readonly title: string;
  /** One or two sentences saying what the change does. */
  readonly summary: string;
  readonly images: readonly ImageChange[];
  /** The contract revision the change moves, if any. */
  readonly contract?: ContractChange;
  readonly changes: readonly EnvironmentChange[];
  /** Review guidance specific to the verb. */
  readonly review: readonly string[];
  /** Git trailers, in order. */
  readonly trailers: ReadonlyArray<readonly [string, string]>;
  /**
   * What happens to stateful objects that leave the rendered state, when the verb knows better than the
   * generic note (deregistration: their Application is deleted, Delete=false keeps them, nothing prunes them).
   * @default - the generic note (Prune=confirm and Delete=false keep them until a person confirms the prune)
   */
  readonly statefulNote?: string;
}

/** The commit message and the pull-request text. */
export interface ChangeDescription {
  readonly commitMessage: string;
  readonly title: string;
  readonly body: string;
}

const NONE = '(none)';
/** Kinds whose removal destroys data: called out in the review notes. */
const STATEFUL_KINDS = ['Cluster', 'PersistentVolumeClaim', 'StatefulSet'];

/** Builds the commit message (plain text, trailers last) and the pull-request description (Markdown). */
export function describeChange(input: ChangeDescriptionInput): ChangeDescription {
  const review = [...input.review];
  const destroyed = input.changes.flatMap((c) => c.removed.filter((r) => STATEFUL_KINDS.includes(r.kind)).map((r) => `${c.environment}: ${formatObjectRef(r)}`));
  if (destroyed.length > 0) {
    review.push(`Stateful objects leave the rendered state (${destroyed.join('; ')}): ${input.statefulNote ?? 'they carry Prune=confirm and Delete=false, so Argo CD keeps them and their data until a person confirms the prune. Take a backup before confirming.'}`);
  }
  review.push('`zave synth --check` passes on this branch: the manifests under deploy/ are exactly what the contract and environment state render to. CI on the GitOps repository checks it again.');
  return {
    title: input.title,
    commitMessage: commitMessage(input, review),
    body: pullRequestBody(input, review),
  };
}

function commitMessage(input: ChangeDescriptionInput, review: readonly string[]): string {
  const lines = [input.title, '', ...wrap(input.summary)];
  if (input.images.length > 0) {
    lines.push('', 'Image:');
    for (const i of input.images) lines.push(`  ${i.environment}: ${i.from ?? NONE} -> ${i.to ?? NONE}`);
  }
  if (input.contract) {
    lines.push('', `Contract (${input.contract.environment}): ${input.contract.from?.slice(0, 19) ?? NONE} -> ${input.contract.to.slice(0, 19)}`);
    for (const f of input.contract.fields) lines.push(`  ${f.replace('→', '->')}`);
  }
  lines.push('');
  if (input.changes.length === 0) {
    lines.push('Rendered objects: no change.');
  } else {
    lines.push('Rendered objects:');
    for (const c of input.changes) {
      lines.push(`  ${c.environment}: ${counts(c)}`);
      for (const r of c.added) lines.push(`    + ${formatObjectRef(r)}`);
      for (const r of c.changed) lines.push(`    ~ ${formatObjectRef(r)}${fieldList(r, '')}`);
      for (const r of c.removed) lines.push(`    - ${formatObjectRef(r)}`);
    }
  }
  lines.push('', 'Review:');
  for (const r of review) lines.push(...wrap(`- ${r.replace(/`/g, '')}`, '  '));
  lines.push('', ...input.trailers.map(([k, v]) => `${k}: ${v}`));
  return lines.join('\n') + '\n';
}

function pullRequestBody(input: ChangeDescriptionInput, review: readonly string[]): string {
  const lines = [`## ${input.title}`, '', input.summary];
  if (input.images.length > 0) {
    lines.push('', '### Image', '', '| environment | from | to |', '|---|---|---|');
    for (const i of input.images) lines.push(`| ${i.environment} | ${code(i.from)} | ${code(i.to)} |`);
  }
  if (input.contract) {
    const c = input.contract;
    lines.push('', '### Contract', '', `${c.environment}: ${code(c.from?.slice(0, 19))} → ${code(c.to.slice(0, 19))}`, '');
    if (c.fields.length === 0) lines.push('No field of the resolved contract changes.');
    for (const f of c.fields) lines.push(`- ${f}`);
  }
  lines.push('', '### What changes in the clusters', '');
  if (input.changes.length === 0) {
    lines.push('No rendered Kubernetes object changes.');
  } else {
    for (const c of input.changes) {
      lines.push(`**${c.environment}**: ${counts(c)}`, '');
      const row = (verb: string, refs: readonly ObjectRef[]) => refs.forEach((r) => lines.push(`- ${verb} \`${formatObjectRef(r)}\``));
      row('added', c.added);
      c.changed.forEach((r) => lines.push(`- changed \`${formatObjectRef(r)}\`${fieldList(r, '`')}`));
      row('removed', c.removed);
      lines.push('');
    }
    lines.pop();
  }
  lines.push('', '### How to review', '', ...review.map((r) => `- ${r}`));
  lines.push('', '---', `<sub>Proposed by zave. ${input.trailers.map(([k, v]) => `${k}: \`${v}\``).join(' · ')}</sub>`);
  return lines.join('\n') + '\n';
}

function fieldList(change: ObjectChange, quote: string): string {
  return change.fields.length > 0 ? `: ${change.fields.map((f) => (f.startsWith('…') ? f : `${quote}${f}${quote}`)).join(', ')}` : '';
}

function counts(c: EnvironmentChange): string {
  const parts: string[] = [];
  if (c.added.length) parts.push(`${c.added.length} added`);
  if (c.changed.length) parts.push(`${c.changed.length} changed`);
  if (c.removed.length) parts.push(`${c.removed.length} removed`);
  return parts.join(', ');
}

function code(v: string | undefined): string {
  return v === undefined ? '_none_' : `\`${v}\``;
}

function wrap(text: string, indent = '', width = 72): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && (line + ' ' + word).length > width) {
      out.push(line);
      line = indent + word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) out.push(line);
  return out;
}
