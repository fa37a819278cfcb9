import { canonicalQuantity } from '../../src/policy/quantity';

describe('canonicalQuantity (the form the API server stores)', () => {
  test.each([
    ['1000m', '1'], ['1500m', '1500m'], ['0.5', '500m'], ['100m', '100m'], ['2', '2'],
    ['1024Mi', '1Gi'], ['512Mi', '512Mi'], ['1Gi', '1Gi'], ['2048Ki', '2Mi'], ['1000M', '1G'], ['1.5Gi', undefined], ['abc', undefined], ['0', '0'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalQuantity(input)).toBe(expected);
  });
});
