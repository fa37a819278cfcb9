import * as fs from 'fs';
import * as path from 'path';

/** Name of the platform package (what generated repositories depend on). */
export const PLATFORM_PACKAGE = '@zave/platform';

/** Version of the platform package this code belongs to (read from its package.json). */
export function platformVersion(): string {
  // src/projects/common and lib/projects/common are both three levels below the package root.
  const file = path.join(__dirname, '..', '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
