import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { statSignature } from '../../src/gitops/synth/cache';

describe('the synth cache trusts a file by its stat signature only outside the racy window', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-stat-'));
  const file = path.join(dir, 'deploy.yaml');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a file changed within the last 2 s has no signature (it is hashed), an older one has size, mtime, ctime and inode', () => {
    fs.writeFileSync(file, 'kind: Deployment\n');
    const st = fs.lstatSync(file, { bigint: true });
    expect(statSignature(st, st.ctimeNs + 1_000_000_000n)).toBeUndefined();
    expect(statSignature(st, st.ctimeNs + 3_000_000_000n)).toBe(`${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`);
  });

  test('an edit of the same size with the old mtime restored still changes the signature (ctime cannot be set back)', () => {
    fs.writeFileSync(file, 'kind: Deployment\n');
    const before = fs.lstatSync(file, { bigint: true });
    const later = before.ctimeNs + 10_000_000_000n;
    const signature = statSignature(before, later);
    // Same length, different bytes, mtime put back as it was.
    const busyWait = Date.now() + 20;
    while (Date.now() < busyWait) { /* let the clock tick */ }
    fs.writeFileSync(file, 'kind: DaemonSets\n');
    fs.utimesSync(file, new Date(Number(before.atimeMs)), new Date(Number(before.mtimeMs)));
    const after = fs.lstatSync(file, { bigint: true });
    expect(after.size).toBe(before.size);
    expect(statSignature(after, later)).not.toBe(signature);
  });
});
