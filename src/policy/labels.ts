/** True when every `selector` label equals the label of `labels`. An empty selector matches everything. */
export function matchesLabels(selector: { [key: string]: string } | undefined, labels: { [key: string]: string } | undefined): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => (labels ?? {})[k] === v);
}

/** True when a LabelSelector (matchLabels + matchExpressions) selects `labels`. */
export function selects(selector: any, labels: { [key: string]: string }): boolean {
  if (!matchesLabels(selector?.matchLabels, labels)) return false;
  for (const e of selector?.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const ok = e.operator === 'Exists' ? has
      : e.operator === 'DoesNotExist' ? !has
        : e.operator === 'In' ? has && (e.values ?? []).includes(labels[e.key])
          : e.operator === 'NotIn' ? !has || !(e.values ?? []).includes(labels[e.key]) : false;
    if (!ok) return false;
  }
  return true;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Problem with a label key, or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return `label key prefix "${prefix}" is not a DNS subdomain`;
  if (name.length > 63 || !LABEL_NAME.test(name)) return `label key name "${name}" is not a valid label name (≤ 63, alphanumeric, -_.)`;
  return undefined;
}

/** Problem with a label value, or undefined. */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `label value ${JSON.stringify(value)} is not a string`;
  if (value.length > 63 || !LABEL_VALUE.test(value)) return `label value "${value}" is not valid (≤ 63, alphanumeric, -_., alphanumeric ends)`;
  return undefined;
}
