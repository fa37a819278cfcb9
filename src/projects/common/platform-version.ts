import * as fs from 'fs';
import * as path from 'path';

/** Name of the platform package (what generated repositories depend on). */
export const PLATFORM_PACKAGE = '@zave/platform';

/**
 * The Node.js major version generated repositories run on: an active LTS (Node 20 reached its end
 * of life on 2026-04-30). Workflows' setup-node, the node Dockerfile and `engines` follow it.
 */
export const NODE_LTS_MAJOR = '22';

/** Version of the platform package this code belongs to (read from its package.json). */
export function platformVersion(): string {
  // src/projects/common and lib/projects/common are both three levels below the package root.
  const file = path.join(__dirname, '..', '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
