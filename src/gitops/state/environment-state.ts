import { z } from 'zod';
import { ImageReference } from '../../common/image-reference';
import { capIssues, locate, readYamlInput, YamlInput } from '../../common/yaml-input';
import { toYaml } from '../../common/yaml-output';
import { zodToIssues } from '../../common/zod-issues';
import { ContractIssue } from '../../contract/issue';
import { serviceNameProblem } from '../../contract/service-name';
import { GitOpsIssueCode } from '../issue-codes';
import { GITOPS_API_VERSION } from '../platform/platform';

/** The promotion state of one environment: which image each service runs there. */
export interface EnvironmentState {
  /** Environment name (matches the file name). */
  readonly environment: string;
  /** Image reference per service name. */
  readonly images: Readonly<Record<string, string>>;
}

const stateSchema = z.strictObject({
  apiVersion: z.literal(GITOPS_API_VERSION),
  kind: z.literal('EnvironmentState'),
  environment: z.string(),
  images: z.record(z.string(), z.string()).nullable().optional(),
});

const FIELDS = ['apiVersion', 'kind', 'environment', 'images'];

/**
 * Largest environments/<env>.yaml read: about 10,000 services (the YAML duplicate-key check is
 * quadratic, so the cap keeps the worst case under a second).
 */
export const ENVIRONMENT_STATE_MAX_BYTES = 1024 * 1024;

function at(input: YamlInput, path: (string | number)[], code: string, message: string, hint?: string, key = false): ContractIssue {
  const pos = locate(input, path, key);
  return { code, file: input.file, line: pos.line, column: pos.column, path: path.join('.'), message, ...(hint ? { hint } : {}) };
}

/** Result of reading environments/<env>.yaml. */
export interface EnvironmentStateParseResult {
  readonly state?: EnvironmentState;
  readonly issues: ContractIssue[];
  /** Every service named under `images`, valid or not (for cross-file checks). */
  readonly services: string[];
  /** Where each image key sits, to locate later cross-file problems (unknown service). */
  readonly locateImage: (service: string) => { line: number; column: number };
}

/**
 * Parses environments/<env>.yaml: schema, environment name equals `expected`, service names valid,
 * image references well-formed and digest-pinned when `pinRequired`.
 */
export function parseEnvironmentState(input: string | Uint8Array, file: string, expected: string, pinRequired: boolean): EnvironmentStateParseResult {
  const yaml = readYamlInput(input, file, ENVIRONMENT_STATE_MAX_BYTES);
  const locateImage = (service: string) => locate(yaml, ['images', service], true);
  if (yaml.issues.length > 0 || yaml.value === undefined) return { issues: yaml.issues, services: [], locateImage };
  const result = stateSchema.safeParse(yaml.value);
  if (!result.success) return { issues: capIssues(zodToIssues(result.error, yaml, (p) => (p.length === 0 ? FIELDS : []))), services: [], locateImage };
  const issues: ContractIssue[] = [];
  const data = result.data;
  if (data.environment !== expected) {
    issues.push(at(yaml, ['environment'], GitOpsIssueCode.NAME_MISMATCH,
      `environment is ${JSON.stringify(data.environment)} but the file is ${file}`, `write environment: ${expected}, or rename the file`));
  }
  const images: Record<string, string> = {};
  for (const service of Object.keys(data.images ?? {}).sort()) {
    const ref = (data.images ?? {})[service];
    const nameProblem = serviceNameProblem(service);
    if (nameProblem) {
      issues.push(at(yaml, ['images', service], nameProblem.code, nameProblem.message, nameProblem.hint, true));
      continue;
    }
    const problem = ImageReference.check(ref, { requireDigest: pinRequired, environment: expected }).problem;
    if (problem) {
      issues.push(at(yaml, ['images', service], problem.code, problem.message, problem.hint));
      continue;
    }
    images[service] = ref;
  }
  const services = Object.keys(data.images ?? {}).sort().filter((sv) => !serviceNameProblem(sv));
  if (issues.length > 0) return { issues: capIssues(issues), services, locateImage };
  return { state: { environment: expected, images }, issues: [], services, locateImage };
}

/** Text of an environments/<env>.yaml (sorted images), the format lifecycle verbs write. */
export function environmentStateYaml(environment: string, images: Readonly<Record<string, string>>): string {
  return toYaml({ apiVersion: GITOPS_API_VERSION, kind: 'EnvironmentState', environment, images });
}
