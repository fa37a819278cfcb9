import { combinations, PROD, TAG_IMAGE, workloadFor } from './environments';
import { toYamlStream } from '../../src/common/yaml-output';
import { renderWorkload } from '../../src/strategies/render';

// Beside the semantic tests: a reviewable picture of one full render. Committed; CI never updates it.
test('payments-api (public-http, postgres) in prod', () => {
  expect(toYamlStream(renderWorkload(workloadFor(combinations()[0], 'payments-api'), PROD, TAG_IMAGE))).toMatchSnapshot();
});
