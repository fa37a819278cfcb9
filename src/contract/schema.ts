import { z } from 'zod';
import { API_VERSION_V1 } from './contract';
import { ENUM_VALUES } from './enums';
import { serviceNameProblem } from './service-name';
import { cronProblem } from '../common/cron';

/** Fields of contract v1, in documentation order. */
export const CONTRACT_FIELDS = ['apiVersion', 'service', 'runtime', 'exposure', 'database', 'strategy', 'schedule', 'size'] as const;

/** Contract API versions this release reads. */
export const SUPPORTED_API_VERSIONS = [API_VERSION_V1] as const;

const serviceName = z.string().superRefine((name, ctx) => {
  const problem = serviceNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: { zave: problem.code, hint: problem.hint } });
});

const schedule = z.string().superRefine((value, ctx) => {
  const problem = cronProblem(value);
  if (problem) {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(value)} is not a valid 5-field cron schedule: ${problem}`,
      params: { zave: 'invalid-schedule', hint: 'for example "*/15 * * * *" (every 15 minutes) or "0 3 * * *" (03:00 UTC daily)' },
    });
  }
});

/**
 * The zod schema of contract v1: field types only. Cross-field rules live in `rules.ts`
 * so that they run even when an unrelated field is wrong.
 */
export const contractSchemaV1 = z.strictObject({
  apiVersion: z.literal(SUPPORTED_API_VERSIONS[0]).optional(),
  service: serviceName,
  runtime: z.enum(ENUM_VALUES.runtime).optional(),
  exposure: z.enum(ENUM_VALUES.exposure).optional(),
  database: z.enum(ENUM_VALUES.database).optional(),
  strategy: z.enum(ENUM_VALUES.strategy).optional(),
  schedule: schedule.optional(),
  size: z.enum(ENUM_VALUES.size).optional(),
});

/** The plain-object form of a contract that passed `contractSchemaV1`. */
export type ContractV1 = z.infer<typeof contractSchemaV1>;
