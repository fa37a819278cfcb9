import { closest, didYouMean, editDistance } from '../../src/common/suggest';

describe('suggest', () => {
  test('edit distance', () => {
    expect(editDistance('databse', 'database')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  test.each([
    ['publik-http', ['public-http', 'internal-http', 'none'], 'public-http'],
    ['nodejs', ['node', 'python', 'go', 'java', 'container'], 'node'],
    ['Service', ['service', 'runtime'], 'service'],
    ['internal', ['public-http', 'internal-http', 'none'], 'internal-http'],
    ['replicas', ['service', 'runtime', 'exposure', 'database'], undefined],
    ['xl', ['small', 'medium', 'large'], undefined],
  ])('closest(%j) is %j', (input, candidates, expected) => {
    expect(closest(input, candidates)).toBe(expected);
  });

  test('no suggestion for an exact match or nothing close', () => {
    expect(didYouMean('node', ['node'])).toBeUndefined();
    expect(didYouMean('zzzzzz', ['node'])).toBeUndefined();
    expect(didYouMean('nod', ['node'])).toBe('did you mean node?');
  });
});
