import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { readGeneratedDocuments, readRenderedDocuments } from '../../../src/common/rendered-yaml';
import { toGeneratedYaml } from '../../../src/common/yaml-output';
import { readListedFile, readRegularFile, regularFilesIn } from '../../../src/status/files';
import { renderedLocation } from '../../../src/status/html/deploy-layout';
import { esc } from '../../../src/status/html/escape';
import { shortImage } from '../../../src/status/html/matrix';
import { asciiOnly } from '../../../src/status/html/page';
import { readReleases } from '../../../src/status/html/releases';

describe('releases adapter (environments/<env>.yaml)', () => {
  test("reads today's images map", () => {
    expect(readReleases('apiVersion: zave.dev/v1\nkind: EnvironmentState\nenvironment: dev\nimages:\n  a: r/a:1.0\n')).toEqual({ a: { image: 'r/a:1.0' } });
  });
  test('reads per-service releases (image, contract revision, platform version); releases win', () => {
    const text = 'images:\n  a: r/a:1\nreleases:\n  a:\n    image: r/a:2\n    contractRevision: abc1234\n    platformVersion: 0.3.0\n  b: r/b:1\n  c:\n    contractRevision: x\n';
    expect(readReleases(text)).toEqual({ a: { image: 'r/a:2', contractRevision: 'abc1234', platformVersion: '0.3.0' }, b: { image: 'r/b:1' } });
  });
  test('invalid YAML is undefined, an empty file no releases', () => {
    expect(readReleases('images: [')).toBeUndefined();
    expect(readReleases('')).toEqual({});
  });
});

describe('deploy layout adapter', () => {
  let root: string;
  beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'zave-layout-')); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  test("today's folder per workload: every object file, kustomization excluded, sorted", () => {
    for (const f of ['service-a.yaml', 'kustomization.yaml', 'deployment-a.yaml']) {
      fs.mkdirSync(path.join(root, 'deploy/dev/a'), { recursive: true });
      fs.writeFileSync(path.join(root, 'deploy/dev/a', f), 'kind: X\n');
    }
    expect(renderedLocation(root, 'dev', 'a')).toEqual({ link: 'deploy/dev/a/', files: ['deploy/dev/a/deployment-a.yaml', 'deploy/dev/a/service-a.yaml'] });
    expect(renderedLocation(root, 'prod', 'a')).toBeUndefined();
  });
  test('one multi-document file per (env, service)', () => {
    fs.mkdirSync(path.join(root, 'deploy/dev'), { recursive: true });
    fs.writeFileSync(path.join(root, 'deploy/dev/a.yaml'), 'kind: A\n---\nkind: B\n');
    expect(renderedLocation(root, 'dev', 'a')).toEqual({ link: 'deploy/dev/a.yaml', files: ['deploy/dev/a.yaml'] });
  });
  test('a listing of deploy/<env>/ gives the same locations as a look at each file (links and folders are not files)', () => {
    const dev = path.join(root, 'deploy/dev');
    fs.mkdirSync(path.join(dev, 'c.yaml'), { recursive: true });
    fs.writeFileSync(path.join(dev, 'a.yaml'), 'kind: A\n');
    fs.writeFileSync(path.join(dev, 'a.namespace.yaml'), 'kind: Namespace\n');
    fs.writeFileSync(path.join(dev, 'b.yaml'), 'kind: B\n');
    fs.symlinkSync(path.join(dev, 'b.yaml'), path.join(dev, 'b.namespace.yaml'));
    fs.symlinkSync(path.join(dev, 'a.yaml'), path.join(dev, 'd.yaml'));
    const listing = regularFilesIn(dev)!;
    expect([...listing].sort()).toEqual(['a.namespace.yaml', 'a.yaml', 'b.yaml']);
    for (const service of ['a', 'b', 'c', 'd', 'e']) expect(renderedLocation(root, 'dev', service, listing)).toEqual(renderedLocation(root, 'dev', service));
    expect(renderedLocation(root, 'dev', 'a', listing)?.files).toEqual(['deploy/dev/a.yaml', 'deploy/dev/a.namespace.yaml']);
    expect(regularFilesIn(path.join(root, 'deploy/prod'))).toBeUndefined();
  });
  test('a listed file is read as readRegularFile reads it: never through a link, never a folder, a FIFO or a file too large', () => {
    const dir = path.join(root, 'files');
    fs.mkdirSync(path.join(dir, 'folder'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'f.yaml'), 'kind: A\n');
    fs.symlinkSync(path.join(dir, 'f.yaml'), path.join(dir, 'link.yaml'));
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    for (const name of ['f.yaml', 'link.yaml', 'folder', 'fifo', 'missing']) {
      expect({ name, bytes: readListedFile(path.join(dir, name))?.toString() }).toEqual({ name, bytes: readRegularFile(path.join(dir, name))?.toString() });
    }
    expect(readListedFile(path.join(dir, 'f.yaml'))?.toString()).toBe('kind: A\n');
    expect(readListedFile(path.join(dir, 'link.yaml'))).toBeUndefined();
    expect(readListedFile(path.join(dir, 'f.yaml'), 3)).toBeUndefined();
    expect(readListedFile(path.join(dir, 'f.yaml'), 8)?.length).toBe(8);
  });
});

describe('reading rendered YAML', () => {
  test('equals the yaml package on generated output, including multi-document files', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { 'x.io/y': 'on' } }, data: { n: '5432', b: 'yes', q: "it's", e: '', list: 'a: b' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 2, template: { spec: { containers: [{ name: 'c', args: ['--x', '-1', 'two words'], ports: [{ containerPort: 80, name: 'http' }] }] } } } },
    ];
    const text = objects.map((o) => toGeneratedYaml(o)).join('---\n');
    expect(readRenderedDocuments(text)).toEqual(YAML.parseAllDocuments(text).map((d) => d.toJS()));
    expect(readRenderedDocuments(text)).toEqual(objects);
  });
  test('reads every generated NetworkPolicy without the full parser (empty flow collections included)', () => {
    const deny = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
    const text = toGeneratedYaml(deny);
    expect(text).toContain('podSelector: {}');
    expect(readGeneratedDocuments(text)).toEqual([deny]);
    expect(readGeneratedDocuments('a: []\nb:\n  - {}\n')).toEqual([{ a: [], b: [{}] }]);
    expect(readGeneratedDocuments('a: {b: 1}\n')).toBeUndefined();
    // A version label that only starts like a number is a string; anything else the core schema reads as a number goes to the full parser.
    expect(readGeneratedDocuments('v: 0660b0a59514\n')).toEqual([{ v: '0660b0a59514' }]);
    expect(readGeneratedDocuments('v: 1.2.3\n')).toEqual([{ v: '1.2.3' }]);
    for (const v of ['0660', '1e3', '0x1F', 'True', 'NULL', '.5']) expect(readGeneratedDocuments(`v: ${v}\n`)).toBeUndefined();
    for (const v of ['0660', '1.2.3', '1e3', '0x1F', 'True', 'NULL', '.5', '0660b0a59514']) {
      expect(readRenderedDocuments(`v: ${v}\n`)).toEqual([YAML.parse(`v: ${v}\n`)]);
    }
  });
  test('falls back to the full parser outside the subset (flow collections, block scalars)', () => {
    expect(readRenderedDocuments('a: {b: 1}\nc: |\n  x\n  y\n')).toEqual([{ a: { b: 1 }, c: 'x\ny\n' }]);
  });
});

describe('escaping and short forms', () => {
  test('escapes every markup character', () => {
    expect(esc('<a href="x">\'&\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
  test('the page is ASCII: other characters become character references', () => {
    expect(asciiOnly('a · b ≠ c 😀 <x>')).toBe('a &#183; b &#8800; c &#128512; <x>');
  });
  test('short image: tag, short digest, or both', () => {
    expect(shortImage('r.io/a/b:1.2.3')).toBe('1.2.3');
    expect(shortImage(`r.io:5000/a@sha256:${'ab'.repeat(32)}`)).toBe('@abababababab');
    expect(shortImage(`r.io/a:2@sha256:${'cd'.repeat(32)}`)).toBe('2@cdcdcdcdcdcd');
    expect(shortImage('r.io:5000/a')).toBe('r.io:5000/a');
  });
});
