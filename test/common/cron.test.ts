import { cronProblem } from '../../src/common/cron';

describe('cronProblem', () => {
  test.each([
    '0 3 * * *', '*/15 * * * *', '0 0 1 jan-mar mon-fri', '0 0 * * 7', '0 0 * * 0', '5,10,15 1-3/2 * * *',
    '59 23 31 12 6', '0 0 1 JAN SUN', '  0 3 * * *  ', '0\t3 * * *', '00 07 01 01 00', '5/10 * * * *',
  ])('accepts %j', (expression) => {
    expect(cronProblem(expression)).toBeUndefined();
  });

  test.each([
    ['0 0 3 * * *', 'expected 5 fields (minute hour day-of-month month day-of-week), got 6'],
    ['* * * *', 'got 4'],
    ['', 'got 0'],
    ['@daily', '@daily is "0 0 * * *"'],
    ['@every 5m', 'macros such as @every are not accepted; write five fields, e.g. "0 3 * * *"'],
    ['TZ=UTC 0 3 * * *', 'time zones are not accepted'],
    ['60 * * * *', 'minute field "60": 60 is outside 0-59'],
    ['0 24 * * *', 'hour field "24": 24 is outside 0-23'],
    ['0 0 0 * *', 'day of month field "0": 0 is outside 1-31'],
    ['0 0 * 13 *', 'month field "13": 13 is outside 1-12'],
    ['0 0 * * 8', 'day of week field "8": 8 is outside 0-7'],
    ['*/0 * * * *', 'step "0" is not a positive number'],
    ['*/x * * * *', 'step "x" is not a positive number'],
    ['1/2/3 * * * *', 'more than one "/"'],
    ['1,,2 * * * *', 'empty list item'],
    ['1-2-3 * * * *', '"1-2-3" is not a range'],
    ['0 3 * * fri-mon', 'range fri-mon runs backwards'],
    ['0 3 * * friday', '"friday" is not a number or name'],
    ['L * * * *', '"L" is not a number'],
    ['0 3 ? * *', '"?" is not a number'],
  ])('rejects %j: %s', (expression, problem) => {
    expect(cronProblem(expression)).toContain(problem);
  });
});
