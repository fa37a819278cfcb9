import * as fs from 'fs';
import * as path from 'path';
import { DockerfileParser } from 'dockerfile-ast';
import { cleanup, everyVariant, synthService } from './support/tenant-fixtures';
import { WORKLOAD_UID } from '../../src/capabilities/security-context';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** The checks every generated Dockerfile must pass, as a list of problems (empty when fine). */
function dockerfileProblems(text: string): string[] {
  const problems: string[] = [];
  const dockerfile = DockerfileParser.parse(text);
  const froms = dockerfile.getFROMs();
  if (froms.length < 2) problems.push(`not multi-stage: ${froms.length} FROM`);
  const stages = new Set<string>();
  for (const from of froms) {
    const digest = from.getImageDigest();
    if (!from.getImageTag() || from.getImageTag() === 'latest') problems.push(`FROM ${from.getImage()}: no explicit tag`);
    if (!digest || !DIGEST.test(digest)) problems.push(`FROM ${from.getImage()}: not pinned by digest`);
    const stage = from.getBuildStage();
    if (stage) stages.add(stage);
  }
  const instructions = dockerfile.getInstructions();
  const finalStart = instructions.lastIndexOf(froms[froms.length - 1]);
  const final = instructions.slice(finalStart + 1);
  const users = final.filter((i) => i.getKeyword() === 'USER');
  const user = users[users.length - 1]?.getArgumentsContent() ?? '';
  const [uid, gid] = user.split(':');
  if (!/^\d+$/.test(uid ?? '') || Number(uid) < 10000) problems.push(`final USER "${user}" is not a numeric uid >= 10000`);
  if (gid !== undefined && (!/^\d+$/.test(gid) || Number(gid) < 10000)) problems.push(`final USER group "${gid}" is not numeric >= 10000`);
  for (const copy of final.filter((i) => i.getKeyword() === 'COPY' || i.getKeyword() === 'ADD')) {
    const from = (copy as unknown as { getFlags(): Array<{ getName(): string; getValue(): string | null }> }).getFlags().find((f) => f.getName() === 'from')?.getValue();
    if (!from || !stages.has(from)) problems.push(`final stage copies from outside the build stages: ${copy.getKeyword()} ${copy.getArgumentsContent()}`);
  }
  if (final.some((i) => i.getKeyword() === 'RUN')) problems.push('final stage runs commands (it should only receive build output)');
  return problems;
}

describe('generated Dockerfiles (parsed with dockerfile-ast)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(cleanup));

  test.each(everyVariant())('$label: multi-stage, every FROM pinned by digest, non-root numeric USER, only build output in the final stage', ({ options }) => {
    const { dir } = synthService(options);
    dirs.push(dir);
    const text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfileProblems(text)).toEqual([]);
    // The image's user is the one every rendered pod runs as, so the two never disagree.
    const finalUser = [...DockerfileParser.parse(text).getInstructions()].reverse().find((i) => i.getKeyword() === 'USER');
    expect(finalUser?.getArgumentsContent()).toBe(`${WORKLOAD_UID}:${WORKLOAD_UID}`);
    const ignore = fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8');
    expect(ignore).toMatch(/^\.git\/$/m);
  });

  test('the checker itself catches each violation', () => {
    expect(dockerfileProblems('FROM node:20\nUSER root\nRUN echo hi\nCOPY . /app\n')).toEqual([
      'not multi-stage: 1 FROM',
      'FROM node:20: not pinned by digest',
      'final USER "root" is not a numeric uid >= 10000',
      'final stage copies from outside the build stages: COPY . /app',
      'final stage runs commands (it should only receive build output)',
    ]);
    expect(dockerfileProblems(`FROM a:1@sha256:${'a'.repeat(64)} AS build\nFROM b:latest@sha256:${'b'.repeat(64)}\nUSER 1000\n`)).toEqual([
      `FROM b:latest@sha256:${'b'.repeat(64)}: no explicit tag`,
      'final USER "1000" is not a numeric uid >= 10000',
    ]);
  });
});
