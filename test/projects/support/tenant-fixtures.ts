import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Database, Exposure, Runtime, Strategy } from '../../../src/contract/enums';
import { ZaveServiceProject, ZaveServiceProjectOptions } from '../../../src/projects';

/** A fresh temporary directory under the OS temp dir; remove it with `cleanup`. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `zave-${prefix}-`));
}

/** Removes a temporary directory (read-only generated files included). */
export function cleanup(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Git environment for child processes: a fixed identity and no system or global config. */
export function gitEnv(): Record<string, string | undefined> {
  return {
    ...process.env,
    GIT_AUTHOR_NAME: 'Zave Test',
    GIT_AUTHOR_EMAIL: 'test@zave.example',
    GIT_COMMITTER_NAME: 'Zave Test',
    GIT_COMMITTER_EMAIL: 'test@zave.example',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
}

/** Runs git and returns trimmed stdout. */
export function runGit(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv() as NodeJS.ProcessEnv, encoding: 'utf8' }).trim();
}

/** Synthesizes a service repository into a new temp dir. */
export function synthService(options: ZaveServiceProjectOptions, dir = tempDir('svc')): { dir: string; project: ZaveServiceProject } {
  const project = new ZaveServiceProject({ ...options, outdir: dir });
  project.synth();
  return { dir, project };
}

/** Every runtime with a skeleton x every strategy, as ready options. */
export function everyVariant(): Array<{ label: string; options: ZaveServiceProjectOptions }> {
  const out: Array<{ label: string; options: ZaveServiceProjectOptions }> = [];
  for (const runtime of [Runtime.NODE, Runtime.PYTHON, Runtime.GO, Runtime.JAVA]) {
    out.push({ label: `${runtime} http-service`, options: { service: `${runtime}-api`, runtime, exposure: Exposure.PUBLIC_HTTP, database: Database.POSTGRES } });
    out.push({ label: `${runtime} worker`, options: { service: `${runtime}-worker`, runtime, strategy: Strategy.WORKER } });
    out.push({ label: `${runtime} scheduled-job`, options: { service: `${runtime}-job`, runtime, schedule: '0 3 * * *' } });
  }
  return out;
}

/** All files under a directory (relative, `/`-separated, sorted), skipping `.git` and `node_modules`. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const p = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk('');
  return out.sort();
}
