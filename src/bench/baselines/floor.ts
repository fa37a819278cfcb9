import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { KubeObject } from '../../strategies/render';
import { objectFileName } from '../engine';

/**
 * The floor: the final objects (rendered once, before the clock starts) serialized with the `yaml`
 * package and written one file per object. No parsing, no constructs, no canonicalization, no swap.
 */
export function floorWrite(outDir: string, rendered: ReadonlyArray<{ environment: string; service: string; objects: KubeObject[] }>): number {
  let files = 0;
  for (const r of rendered) {
    const dir = path.join(outDir, r.environment, r.service);
    fs.mkdirSync(dir, { recursive: true });
    for (const o of r.objects) {
      fs.writeFileSync(path.join(dir, objectFileName(o)), YAML.stringify(o, { version: '1.1', aliasDuplicateObjects: false, lineWidth: 0 }));
      files++;
    }
  }
  return files;
}
