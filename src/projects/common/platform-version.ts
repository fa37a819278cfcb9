import * as fs from 'fs';
import * as path from 'path';

// The constants live in src/common/platform-constants.ts (the GitOps plane needs NODE_LTS_MAJOR too).
export { NODE_LTS_MAJOR, PLATFORM_PACKAGE } from '../../common/platform-constants';

/** Version of the platform package this code belongs to (read from its package.json). */
export function platformVersion(): string {
  // src/projects/common and lib/projects/common are both three levels below the package root.
  const file = path.join(__dirname, '..', '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

/**
 * The exact npm spec every generated repository pins the platform package with: the version, no
 * range, so tenant repositories, the platform-workflows repository and the GitOps repository run
 * the same zave (`zave upgrade` moves them together).
 */
export function platformPin(version: string = platformVersion()): string {
  return version;
}

/** The reusable-workflow ref tenant CI binds to: `v<version>` (a tag of the platform-workflows repository). */
export function workflowsRef(version: string = platformVersion()): string {
  return `v${version}`;
}
