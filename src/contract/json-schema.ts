import { API_VERSION_V1 } from './contract';
import { ENUM_VALUES } from './enums';
import { MAX_SERVICE_NAME_LENGTH } from './service-name';

/** Stable, versioned URL of the v1 schema (also its path inside the package: `schemas/zave.dev/v1.json`). */
export const CONTRACT_SCHEMA_ID_V1 = 'https://zave.dev/schemas/zave.dev/v1.json';

const ci = (word: string) => word.split('').map((c) => `[${c.toUpperCase()}${c}]`).join('');
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function cronField(value: string): string {
  const element = `(?:\\*|(?:${value})(?:-(?:${value}))?)(?:/[1-9][0-9]*)?`;
  return `${element}(?:,${element})*`;
}

/** A regular expression for five-field cron, as strict as a regular expression can be. */
function cronPattern(): string {
  const fields = [
    '[0-5]?[0-9]',
    '[01]?[0-9]|2[0-3]',
    '0?[1-9]|[12][0-9]|3[01]',
    ['0?[1-9]|1[0-2]', ...MONTHS.map(ci)].join('|'),
    ['0?[0-7]', ...DAYS.map(ci)].join('|'),
  ];
  return `^\\s*${fields.map(cronField).join('\\s+')}\\s*$`;
}

const enumProp = (values: readonly string[], description: string, def?: string) => ({
  type: 'string',
  enum: [...values],
  description,
  ...(def ? { default: def } : {}),
});

/**
 * The JSON Schema (draft-07) of contract v1, built from the same constants as the zod schema.
 * Frozen: `schemas/zave.dev/v1.json` holds it and a recorded hash guards it.
 */
export function contractJsonSchemaV1(): Record<string, unknown> {
  const has = (field: string) => ({ required: [field] });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CONTRACT_SCHEMA_ID_V1,
    title: 'zave workload contract v1 (zave.yaml)',
    description: 'The only file a tenant team writes. The platform derives everything else. See https://github.com/zave/platform#the-contract',
    type: 'object',
    additionalProperties: false,
    required: ['service'],
    properties: {
      apiVersion: { type: 'string', const: API_VERSION_V1, description: 'Contract API version.', default: API_VERSION_V1 },
      service: {
        type: 'string',
        description: 'Service name: a DNS-1035 label (lower-case letters, digits, "-"; starts with a letter), at most 40 characters.',
        pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$',
        minLength: 1,
        maxLength: MAX_SERVICE_NAME_LENGTH,
        not: { enum: ['con', 'prn', 'aux', 'nul', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`com${n}`, `lpt${n}`])] },
      },
      runtime: enumProp(ENUM_VALUES.runtime, 'Language runtime; container means the repository brings its own Dockerfile.', 'container'),
      exposure: enumProp(ENUM_VALUES.exposure, 'How the workload is reached. Default internal-http; none for workers and scheduled jobs.'),
      database: enumProp(ENUM_VALUES.database, 'Managed database (CloudNativePG PostgreSQL per environment).', 'none'),
      strategy: enumProp(ENUM_VALUES.strategy, 'Delivery strategy. Default: scheduled-job when a schedule is given, worker when exposure is none, else http-service.'),
      schedule: { type: 'string', description: 'Five-field cron schedule in UTC (scheduled-job only), e.g. "0 3 * * *".', pattern: cronPattern() },
      size: enumProp(ENUM_VALUES.size, 'Resource size: requests and limits, database storage, autoscaling ceiling.', 'small'),
    },
    allOf: [
      { if: { ...has('strategy'), properties: { strategy: { const: 'http-service' } } }, then: { properties: { exposure: { not: { const: 'none' } } } } },
      { if: { ...has('strategy'), properties: { strategy: { enum: ['worker', 'scheduled-job'] } } }, then: { properties: { exposure: { const: 'none' } } } },
      { if: { ...has('strategy'), properties: { strategy: { const: 'scheduled-job' } } }, then: has('schedule') },
      { if: { required: ['schedule', 'strategy'] }, then: { properties: { strategy: { const: 'scheduled-job' } } } },
      { if: { required: ['schedule'], not: has('strategy') }, then: { properties: { exposure: { const: 'none' } } } },
    ],
  };
}
