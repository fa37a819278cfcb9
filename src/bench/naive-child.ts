import { naiveSynth } from './baselines/naive-cdk8s';
import { childMain } from './child';
import { loadState } from './engine';

/* Child entry of the naive cdk8s baseline: `node lib/bench/naive-child.js naive <root> <outDir>`. */

if (require.main === module) {
  childMain((_scenario, root, outDir) => () => ({ files: naiveSynth(loadState(root), outDir) }));
}
