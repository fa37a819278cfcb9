import * as fs from 'fs';
import * as path from 'path';
import { SRC, sourceFiles } from './source-files';

// The planes of src/, lowest first. A folder may import its own layer or a lower one, never a higher one.
// Same-layer folders may import each other (status reads projects' onboarding records, upgrade uses projects).
const LAYERS: readonly (readonly string[])[] = [
  ['common'],
  ['contract', 'taxonomy'],
  ['capabilities', 'policy'],
  ['strategies'],
  ['gitops'],
  ['status', 'projects', 'adopt', 'upgrade'],
  ['cli', 'bench'],
  ['index.ts'],
];

const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"](\.{1,2}\/[^'"]*)['"]|\b(?:require|import)\(\s*['"](\.{1,2}\/[^'"]*)['"]\s*\)/g;

function layerOf(folder: string): number {
  return LAYERS.findIndex((names) => names.includes(folder));
}


/** The top-level entry of src/ a path is in: a folder name, or `index.ts` for the package entry. */
function topOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0];
}

interface Edge { readonly from: string; readonly to: string; readonly file: string; readonly spec: string }

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      const target = path.resolve(path.dirname(file), spec);
      const rel = path.relative(SRC, target);
      if (rel.startsWith('..')) continue; // package.json and other files outside src/
      const to = rel.split(path.sep)[0] === 'index' ? 'index.ts' : rel.split(path.sep)[0];
      const from = topOf(file);
      if (from !== to) out.push({ from, to, file: path.relative(SRC, file), spec });
    }
  }
  return out;
}

describe('layers of src/', () => {
  const all = edges();

  test('the import scan sees the imports it should (a guard against a regex that matches nothing)', () => {
    const seen = new Set(all.map((e) => `${e.from}->${e.to}`));
    expect(seen).toContain('strategies->capabilities');
    expect(seen).toContain('gitops->contract');
    expect(seen).toContain('cli->gitops');
    expect(seen).toContain('capabilities->common'); // `import { ImageReference } from '../common/image-reference'`
    expect(seen).toContain('cli->upgrade'); // a lazy `require('../../upgrade')`
  });

  test('every top-level entry of src/ has a layer', () => {
    const tops = fs.readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.name.endsWith('.ts'))
      .map((e) => e.name)
      .filter((name) => layerOf(name) < 0);
    expect(tops).toEqual([]);
  });

  test('no folder imports a folder in a higher layer', () => {
    const upward = all
      .filter((e) => layerOf(e.to) > layerOf(e.from))
      .map((e) => `${e.file} imports ${e.spec} (${e.from}, layer ${layerOf(e.from)}, reaches up to ${e.to}, layer ${layerOf(e.to)})`);
    expect(upward).toEqual([]);
  });
});
