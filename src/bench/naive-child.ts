import { naiveSynth, objectsBeyondL2 } from './baselines/naive-cdk8s';
import { childMain } from './child';
import { loadState, renderObjects } from './engine';

/* Child entry of the naive cdk8s baseline: `node lib/bench/naive-child.js naive <root> <outDir>`. */

if (require.main === module) {
  childMain((_scenario, root, outDir) => {
    // Untimed: the objects the L2 constructs do not cover, taken from the strategies once.
    const extras = new Map(renderObjects(loadState(root)).map((r) => [`${r.environment}/${r.service}`, objectsBeyondL2(r.objects)]));
    return () => ({ files: naiveSynth(loadState(root), outDir, extras) });
  });
}
