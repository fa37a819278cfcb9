import * as fs from 'fs';
import * as path from 'path';

/** The package's `src/` folder. */
export const SRC = path.join(__dirname, '..', '..', 'src');

/** Every `.ts` file under `dir`, sorted. */
export function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  }).sort();
}
