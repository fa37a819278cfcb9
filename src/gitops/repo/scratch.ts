import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { holderAlive, ownToken } from './lock';

const PREFIX = 'zave-lifecycle-';
const OWNER = '.owner';

/**
 * A private scratch folder for one verb under `parent` (the repository's private state folder, or
 * the system temp folder for a remote), holding an owner token. Folders of verbs that were killed
 * (their process is gone) are removed first, so no crash leaves litter that outlives the next verb.
 */
export function scratchDir(parent: string = os.tmpdir()): string {
  fs.mkdirSync(parent, { recursive: true });
  for (const name of fs.readdirSync(parent)) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(parent, name);
    let token = '';
    try {
      token = fs.readFileSync(path.join(dir, OWNER), 'utf8');
    } catch {
      // no owner token: created by a process killed before it wrote one, or not ours
      try {
        if (Date.now() - fs.statSync(dir).mtimeMs < 60_000) continue;
      } catch {
        continue;
      }
    }
    if (token && holderAlive(token)) continue;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const dir = fs.mkdtempSync(path.join(parent, `${PREFIX}${process.pid}-`));
  fs.writeFileSync(path.join(dir, OWNER), ownToken());
  return dir;
}
