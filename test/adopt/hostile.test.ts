import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Adoption } from '../../src/adopt';
import { MAX_MANIFEST_BYTES } from '../../src/adopt/read-sources';

const ROOT = path.resolve(__dirname, '../..');
const HOSTILE = 'test/fixtures/adopt/hostile';

describe('hostile and odd input', () => {
  const report = Adoption.analyze([HOSTILE], { cwd: ROOT });

  test('every bad file or document is one issue with file, line and code; the good ones are still read', () => {
    expect(report.issues.map((i) => `${i.file}:${i.line} ${i.code}`)).toEqual([
      `${HOSTILE}/alias-bomb.yaml:7 alias-not-allowed`,
      `${HOSTILE}/binary.yaml:1 not-utf8`,
      `${HOSTILE}/broken-kustomize/ (kubectl kustomize):1 kustomize-failed`,
      `${HOSTILE}/mixed.yaml:21 duplicate-key`,
      `${HOSTILE}/mixed.yaml:28 unknown-tag`,
      `${HOSTILE}/mixed.yaml:30 not-a-kubernetes-object`,
      `${HOSTILE}/mixed.yaml:33 not-a-kubernetes-object`,
      `${HOSTILE}/syntax-error.yaml:6 yaml-syntax`,
    ]);
    expect(report.workloads.map((w) => `${w.service} ${w.object}`)).toEqual([
      'api Deployment demo/api', 'good-worker Deployment good-worker', 'nightly-cleanup CronJob Nightly_Cleanup',
    ]);
    for (const i of report.issues) expect(i.message).not.toMatch(/\n|    at /); // no stack trace
  });

  test('the alias bomb is refused before anything is expanded', () => {
    const issue = report.issues.find((i) => i.code === 'alias-not-allowed')!;
    expect(issue.message).toBe('anchor &a is not allowed');
    expect(issue.hint).toMatch(/alias bomb/);
  });

  test('a binary file is named as such', () => {
    expect(report.issues.find((i) => i.code === 'not-utf8')!.message).toMatch(/^not valid UTF-8 text \(byte 0xff at offset \d+\): a binary file\?$/);
  });

  test('the kustomize failure is reported without clock or process id, with a way out', () => {
    const issue = report.issues.find((i) => i.code === 'kustomize-failed')!;
    expect(issue.message).toMatch(/^kubectl kustomize failed: accumulating resources/);
    expect(issue.message).not.toMatch(/\d\d:\d\d:\d\d|run\.go|\/work\//);
    expect(issue.hint).toBe(`render it yourself and pipe it in: kubectl kustomize ${HOSTILE}/broken-kustomize | zave adopt -`);
  });

  test('unknown kinds are skipped and counted; a Deployment outside apps/ is not a workload', () => {
    expect(report.skipped).toEqual([
      { kind: 'apps/v1/DaemonSet', count: 1 },
      { kind: 'example.com/v1/Deployment', count: 1 },
      { kind: 'widgets.example.com/v1/Widget', count: 2 },
    ]);
  });

  test('an oversize file is refused by size alone, and the others are read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-adopt-big-'));
    try {
      fs.copyFileSync(path.join(ROOT, HOSTILE, 'good.yaml'), path.join(dir, 'a.yaml'));
      fs.writeFileSync(path.join(dir, 'big.yaml'), `# ${'x'.repeat(MAX_MANIFEST_BYTES)}\n`);
      const r = Adoption.analyze([dir]);
      expect(r.issues).toEqual([expect.objectContaining({ code: 'file-too-large', file: path.join(dir, 'big.yaml'), message: `${MAX_MANIFEST_BYTES + 3} bytes; the limit is 4194304 bytes (4 MiB) per file` })]);
      expect(r.workloads.map((w) => w.service)).toEqual(['api']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('text that is nested far too deep is one issue, not a crash', () => {
    const r = Adoption.analyzeText(`${'['.repeat(200_000)}${']'.repeat(200_000)}\n`, 'deep.yaml');
    expect(r.issues).toHaveLength(1);
    expect(['too-deep', 'yaml-syntax', 'not-a-kubernetes-object']).toContain(r.issues[0].code);
  });

  test('a missing path is an issue, and so is stdin when none is given', () => {
    const r = Adoption.analyze(['nope/', '-'], { cwd: ROOT });
    expect(r.issues.map((i) => `${i.file} ${i.code} ${i.message}`)).toEqual(['<stdin> file-not-found no standard input to read', 'nope/ file-not-found file not found']);
  });

  test('duplicate service names are made unique, deterministically', () => {
    const doc = (ns: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: ${ns}}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: x/api:1}]\n`;
    const r = Adoption.analyzeText(`${doc('b')}---\n${doc('a')}`, 'two.yaml');
    expect(r.workloads.map((w) => `${w.service} ${w.object}`)).toEqual(['api Deployment a/api', 'api-2 Deployment b/api']);
    expect(r.workloads[1].inferences[0].rule).toBe('the workload\'s name: another workload already has this name: "-2" appended');
  });
});
