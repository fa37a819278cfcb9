import { AdoptionInference } from './model';
import { ManifestObject, objectRef } from './parse-manifests';
import { toYaml } from '../common/yaml-output';
import { API_VERSION_V1 } from '../contract/contract';
import { formatIssue } from '../contract/issue';
import { parseContract } from '../contract/parse';

/** Contract fields written, in this order (only those that apply). */
const FIELDS = ['service', 'strategy', 'schedule', 'exposure', 'database', 'size', 'runtime'];

/**
 * The `zave.yaml` of an adoptable workload: every inferred field written out (nothing left to a
 * default the reader has to know), validated by the contract parser. An invalid result is a bug in
 * zave adopt and throws.
 */
export function contractFor(workload: ManifestObject, inferred: readonly AdoptionInference[], findings: number): string {
  const value: Record<string, string> = { apiVersion: API_VERSION_V1 };
  for (const field of FIELDS) {
    const i = inferred.find((x) => x.field === field);
    if (i && !(field === 'strategy' && i.value === 'none')) value[field] = i.value;
  }
  const header = [
    `# Adopted by zave adopt from ${objectRef(workload)} (${workload.file}).`,
    findings === 0 ? '# Nothing in the manifests was lost or changed.' : `# Read the adoption report first: ${findings} finding${findings === 1 ? '' : 's'} list what adopting changes.`,
  ].join('\n');
  const text = `${header}\n${toYaml(value)}`;
  const parsed = parseContract(text, `${value.service}/zave.yaml`);
  if (!parsed.contract) throw new Error(`zave adopt inferred an invalid contract for ${objectRef(workload)}: ${parsed.issues.map(formatIssue).join('; ')}`);
  return text;
}
