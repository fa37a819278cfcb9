import * as fs from 'fs';
import * as path from 'path';
import { SRC, sourceFiles } from './source-files';

// Issue 11: one git runner with one environment policy (src/gitops/git). Every other file of src/ runs git
// through it; a direct spawn would take the caller's environment (a GIT_DIR leaking from a hook, the host's config).
const RUNNER = path.join(SRC, 'gitops', 'git');
// A child-process call whose command is the string 'git' (execFile, execFileSync, spawn, spawnSync, exec...).
const DIRECT_GIT = /\b(?:execFile|execFileSync|spawn|spawnSync|exec|execSync|fork)\s*\(\s*['"`]git\b/g;


describe('one git runner', () => {
  test('the scan finds the runner\'s own git calls (a guard against a pattern that matches nothing)', () => {
    const runnerCalls = sourceFiles(RUNNER).flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(DIRECT_GIT)]);
    expect(runnerCalls.length).toBeGreaterThanOrEqual(2);
  });

  test('no file outside src/gitops/git starts git itself', () => {
    const offenders = sourceFiles(SRC)
      .filter((f) => !f.startsWith(RUNNER + path.sep))
      .flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(DIRECT_GIT)].map((m) => `${path.relative(SRC, f)}: ${m[0]}`));
    expect(offenders).toEqual([]);
  });
});
