import { IssueCode } from './issue';

/** A cross-field rule violation, located at `path`. */
export interface RuleViolation {
  readonly code: string;
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
}

/** Values of the contract fields that individually passed validation. */
export interface CheckedFields {
  readonly exposure?: string;
  readonly strategy?: string;
  readonly schedule?: string;
  /** Whether a schedule is written at all (valid or not): an invalid one is reported on its own. */
  readonly scheduleGiven?: boolean;
}

/**
 * Cross-field rules of contract v1:
 * - an http-service needs exposure other than none;
 * - a worker or scheduled-job has exposure none;
 * - a scheduled-job needs a schedule, and nothing else may have one.
 */
export function crossFieldViolations(fields: CheckedFields): RuleViolation[] {
  const out: RuleViolation[] = [];
  const { exposure, strategy } = fields;
  const scheduled = fields.schedule !== undefined || fields.scheduleGiven === true;
  if (strategy === 'http-service' && exposure === 'none') {
    out.push({
      code: IssueCode.CONFLICT,
      path: 'exposure',
      message: 'an http-service must be reachable, but exposure is none',
      hint: 'set exposure to internal-http or public-http, or use strategy: worker',
    });
  }
  if ((strategy === 'worker' || strategy === 'scheduled-job') && exposure !== undefined && exposure !== 'none') {
    out.push({
      code: IssueCode.CONFLICT,
      path: 'exposure',
      message: `a ${strategy} receives no traffic, but exposure is ${exposure}`,
      hint: 'remove exposure (it defaults to none), or use strategy: http-service',
    });
  }
  if (strategy === 'scheduled-job' && !scheduled) {
    out.push({
      code: IssueCode.CONFLICT,
      path: 'strategy',
      message: 'a scheduled-job needs a schedule',
      hint: 'add schedule: "0 3 * * *" (five cron fields, UTC)',
    });
  }
  if (scheduled && strategy !== undefined && strategy !== 'scheduled-job') {
    out.push({
      code: IssueCode.CONFLICT,
      path: 'schedule',
      message: `only a scheduled-job has a schedule, but strategy is ${strategy}`,
      hint: 'remove schedule, or use strategy: scheduled-job',
    });
  }
  if (scheduled && strategy === undefined && exposure !== undefined && exposure !== 'none') {
    out.push({
      code: IssueCode.CONFLICT,
      path: 'exposure',
      message: `a schedule makes this a scheduled-job, which receives no traffic, but exposure is ${exposure}`,
      hint: 'remove exposure, or remove schedule to run an http-service',
    });
  }
  return out;
}
