/** Bounds and names of the five cron fields, in order. */
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
] as const;

/** The five-field form of the common cron macros, for the error message. */
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/**
 * Checks a five-field cron expression as Kubernetes CronJob accepts it
 * (numbers, `*`, ranges, steps, lists, month and weekday names).
 * Returns undefined when valid, otherwise why not.
 */
export function cronProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  if (trimmed.startsWith('@')) {
    const macro = trimmed.split(/\s/)[0];
    const same = MACROS[macro.toLowerCase()];
    return `macros such as ${macro} are not accepted; write five fields${same ? `: ${macro} is "${same}"` : ', e.g. "0 3 * * *"'}`;
  }
  if (/^(CRON_)?TZ=/.test(trimmed)) return 'time zones are not accepted in the schedule; schedules run in UTC';
  const parts = trimmed.split(/\s+/).filter((p) => p.length > 0);
  if (parts.length !== 5) {
    const seconds = parts.length === 6 ? ' (a seconds field? Kubernetes CronJob schedules have none)' : '';
    return `expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}${seconds}`;
  }
  for (let i = 0; i < 5; i++) {
    const problem = fieldProblem(parts[i], FIELDS[i]);
    if (problem) return `${FIELDS[i].name} field "${parts[i]}": ${problem}`;
  }
  return undefined;
}

function fieldProblem(field: string, spec: (typeof FIELDS)[number]): string | undefined {
  for (const item of field.split(',')) {
    if (item === '') return 'empty list item';
    const [range, step, ...rest] = item.split('/');
    if (rest.length > 0) return 'more than one "/"';
    if (step !== undefined && !/^[1-9][0-9]*$/.test(step)) return `step "${step}" is not a positive number`;
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `"${range}" is not a range`;
    const values: number[] = [];
    for (const bound of bounds) {
      const value = toNumber(bound, spec);
      if (value === undefined) return `"${bound}" is not a number${'names' in spec ? ' or name' : ''}`;
      if (value < spec.min || value > spec.max) return `${value} is outside ${spec.min}-${spec.max}`;
      values.push(value);
    }
    if (values.length === 2 && values[0] > values[1]) return `range ${range} runs backwards`;
  }
  return undefined;
}

function toNumber(token: string, spec: (typeof FIELDS)[number]): number | undefined {
  if (/^[0-9]{1,2}$/.test(token)) return Number(token);
  if ('names' in spec) {
    const index = (spec.names as readonly string[]).indexOf(token.toLowerCase());
    if (index >= 0) return index + spec.min;
  }
  return undefined;
}
