import { toYaml } from '../../common/yaml-output';
import { PLATFORM_PACKAGE } from '../common/platform-version';

/** `cdk8s.yaml`: `cdk8s synth` runs the preview app with plain node (nothing to compile). */
export function cdk8sConfig(): string {
  return toYaml({ app: 'node cdk8s/main.js', output: 'dist/cdk8s' });
}

/** `cdk8s/main.js`: previews the workload's manifests per environment through the platform library. */
export function previewApp(): string {
  return `'use strict';
// Preview of what the platform renders for this workload, one file per environment:
//   npx cdk8s synth --no-check-upgrade     (or: node cdk8s/main.js; output in dist/cdk8s)
// The GitOps repository renders the same constructs from the registered copy of zave.yaml.
const fs = require('fs');
const path = require('path');
const { App, YamlOutputType } = require('cdk8s');
const { WorkloadPreview } = require('${PLATFORM_PACKAGE}');

const app = new App({ outdir: process.env.CDK8S_OUTDIR || path.join(__dirname, '..', 'dist', 'cdk8s'), yamlOutputType: YamlOutputType.FILE_PER_CHART });
new WorkloadPreview(app, 'preview', {
  contractText: fs.readFileSync(path.join(__dirname, '..', 'zave.yaml'), 'utf8'),
  contractFile: 'zave.yaml',
});
app.synth();
`;
}
