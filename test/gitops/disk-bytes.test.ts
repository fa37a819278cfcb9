import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diskState, diskStateOfText, fileHasBytes } from '../../src/gitops/synth/disk-bytes';

/** What the comparison decided before it opened files itself: lstat, then the whole file (the reference). */
function byLstat(root: string, rel: string, content: Buffer): 'same' | 'changed' | 'missing' {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(path.join(root, rel));
  } catch {
    return 'missing';
  }
  return st.isFile() && st.size === content.length && fs.readFileSync(path.join(root, rel)).equals(content) ? 'same' : 'changed';
}

describe('diskState and fileHasBytes compare a path with bytes, reading regular files only', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-disk-bytes-'));
    fs.mkdirSync(path.join(root, 'deploy'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const bytes = (s: string) => Buffer.from(s, 'utf8');
  const expectState = (rel: string, content: Buffer, want: 'same' | 'changed' | 'missing') => {
    expect(diskState(root, rel, content)).toBe(want);
    expect(fileHasBytes(root, rel, content)).toBe(want === 'same');
    expect(byLstat(root, rel, content)).toBe(want);
  };

  test('a regular file with exactly the bytes is same; other bytes, sizes or a missing file are not', () => {
    fs.writeFileSync(path.join(root, 'deploy/a.yaml'), 'kind: Service\n');
    expectState('deploy/a.yaml', bytes('kind: Service\n'), 'same');
    expectState('deploy/a.yaml', bytes('kind: Servicf\n'), 'changed');
    expectState('deploy/a.yaml', bytes('kind: Service\n\n'), 'changed');
    expectState('deploy/a.yaml', bytes('kind: Service'), 'changed');
    expectState('deploy/b.yaml', bytes('kind: Service\n'), 'missing');
    expectState('nowhere/b.yaml', bytes('x'), 'missing');
    // A parent that is a file (ENOTDIR) counts as missing, as lstat says.
    expectState('deploy/a.yaml/c.yaml', bytes('x'), 'missing');
  });

  test('empty files, multi-byte text and files larger than any earlier one compare by every byte', () => {
    fs.writeFileSync(path.join(root, 'deploy/empty.yaml'), '');
    expectState('deploy/empty.yaml', Buffer.alloc(0), 'same');
    expectState('deploy/empty.yaml', bytes('\n'), 'changed');
    fs.writeFileSync(path.join(root, 'deploy/utf8.yaml'), 'description: "café: ü"\n');
    expectState('deploy/utf8.yaml', bytes('description: "café: ü"\n'), 'same');
    expectState('deploy/utf8.yaml', bytes('description: "cafe: ü"\n'), 'changed');
    // Larger than the reused read buffer (it grows), then a small file again (only its own bytes count).
    const big = Buffer.alloc(300 * 1024, 'a');
    fs.writeFileSync(path.join(root, 'deploy/big.yaml'), big);
    expectState('deploy/big.yaml', big, 'same');
    const lastDiffers = Buffer.from(big);
    lastDiffers[lastDiffers.length - 1] = 0x62;
    expectState('deploy/big.yaml', lastDiffers, 'changed');
    fs.writeFileSync(path.join(root, 'deploy/small.yaml'), 'ab');
    expectState('deploy/small.yaml', bytes('ab'), 'same');
    expectState('deploy/small.yaml', bytes('aa'), 'changed');
  });

  test('a symlink is changed, even to a file with exactly the bytes, and a dangling one too', () => {
    fs.writeFileSync(path.join(root, 'target.yaml'), 'kind: Service\n');
    fs.symlinkSync(path.join(root, 'target.yaml'), path.join(root, 'deploy/link.yaml'));
    fs.symlinkSync(path.join(root, 'nothing.yaml'), path.join(root, 'deploy/dangling.yaml'));
    expectState('deploy/link.yaml', bytes('kind: Service\n'), 'changed');
    expectState('deploy/dangling.yaml', bytes('kind: Service\n'), 'changed');
  });

  test('a folder is changed', () => {
    fs.mkdirSync(path.join(root, 'deploy/dir.yaml'));
    expectState('deploy/dir.yaml', Buffer.alloc(0), 'changed');
    expectState('deploy/dir.yaml', bytes('x'), 'changed');
  });

  test('a FIFO is changed and never waited on (no writer ever opens it)', () => {
    execFileSync('mkfifo', [path.join(root, 'deploy/pipe.yaml')]);
    expectState('deploy/pipe.yaml', Buffer.alloc(0), 'changed');
    expectState('deploy/pipe.yaml', bytes('kind: Service\n'), 'changed');
  });

  test('a device is changed and never read', () => {
    // Character devices report size 0, like the empty content: only the file type makes them `changed`.
    fs.symlinkSync('/dev/zero', path.join(root, 'deploy/zero-link.yaml'));
    expectState('deploy/zero-link.yaml', Buffer.alloc(0), 'changed');
    expect(diskState('/dev', 'zero', Buffer.alloc(0))).toBe('changed');
    expect(diskState('/dev', 'null', Buffer.alloc(0))).toBe('changed');
    expect(fileHasBytes('/dev', 'null', Buffer.alloc(0))).toBe(false);
  });

  test('diskStateOfText compares the UTF-8 bytes of a text, as diskState of Buffer.from(text) does', () => {
    const texts = ['', 'kind: Service\n', 'description: "café: ü 😀"\n', 'lone \ud800 surrogate\n', 'x'.repeat(200 * 1024), 'é'.repeat(40 * 1024), 'short\n'];
    texts.forEach((text, i) => fs.writeFileSync(path.join(root, `deploy/t${i}.yaml`), Buffer.from(text, 'utf8')));
    fs.symlinkSync(path.join(root, 'deploy/t1.yaml'), path.join(root, 'deploy/link.yaml'));
    for (const rel of [...texts.map((_t, i) => `deploy/t${i}.yaml`), 'deploy/link.yaml', 'deploy/none.yaml']) {
      for (const text of texts) expect(diskStateOfText(root, rel, text)).toBe(diskState(root, rel, Buffer.from(text, 'utf8')));
    }
    expect(diskStateOfText(root, 'deploy/t2.yaml', texts[2])).toBe('same');
    expect(diskStateOfText(root, 'deploy/t3.yaml', texts[3])).toBe('same');
    expect(diskStateOfText(root, 'deploy/t5.yaml', texts[5])).toBe('same');
    expect(diskStateOfText(root, 'deploy/t6.yaml', 'shorT\n')).toBe('changed');
    expect(diskStateOfText(root, 'deploy/link.yaml', texts[1])).toBe('changed');
    expect(diskStateOfText(root, 'deploy/none.yaml', texts[1])).toBe('missing');
  });
});
