import { lacksRelease, readReleases, scopeReleases, writeReleases } from '../../../src/gitops/lifecycle/state-files';
import { OverlaySource, RepoSource } from '../../../src/gitops/repo/source';
import { ENVIRONMENT_STATE_MAX_BYTES, environmentStateYaml, Release, Retention } from '../../../src/gitops/state/environment-state';
import { digest, pin, revision } from '../state/state-edits';

/** An empty base commit: the tests write their files into the overlay. */
const EMPTY: RepoSource = { kind: () => undefined, list: () => [], read: () => ({ notAFile: 'missing' }) };
const FILE = 'environments/prod.yaml';

function treeWith(text: string, scope?: string[]): OverlaySource {
  const tree = new OverlaySource(EMPTY);
  tree.write(FILE, text);
  if (scope) scopeReleases(tree, scope);
  return tree;
}

function written(tree: OverlaySource): string {
  const got = tree.read(FILE, ENVIRONMENT_STATE_MAX_BYTES);
  if (!('bytes' in got)) throw new Error(`${FILE} is not a file`);
  return got.bytes.toString('utf8');
}

/** A verb's edit of one file: read it, set `service`'s release to `release` (null: remove it), write it. */
function edit(tree: OverlaySource, service: string, release: Release | null, retained?: Record<string, Retention>): void {
  const { releases } = readReleases(tree, 'prod');
  if (release) releases[service] = release;
  else delete releases[service];
  writeReleases(tree, 'prod', releases, retained);
}

describe('writeReleases: what a verb commits to environments/<env>.yaml', () => {
  const fleet: Record<string, Release> = { 'api': pin(1), 'api-db': pin(2), 'web': pin(3), 'zeta': pin(4) };
  const canonical = environmentStateYaml('prod', fleet, { old: { database: true } });

  test.each<[string, string[] | undefined]>([['read in full', undefined], ['read in part (scoped to the verb\'s service)', ['web']]])(
    'a file zave wrote, %s: the edit gives the whole file written again', (_how, scope) => {
      for (const [service, release] of [['web', pin(9)], ['apis', pin(10)], ['api', null], ['old', pin(11)]] as Array<[string, Release | null]>) {
        const tree = treeWith(canonical, scope ? [...scope, service] : undefined);
        edit(tree, service, release);
        const releases: Record<string, Release> = { ...fleet };
        if (release) releases[service] = release;
        else delete releases[service];
        // Releasing a service again takes its retained data back.
        expect(written(tree)).toBe(environmentStateYaml('prod', releases, service === 'old' ? {} : { old: { database: true } }));
      }
    });

  test('a file edited by hand and read in full is written whole, in the form zave writes (a splice would keep the hand edit)', () => {
    const quoted = canonical.replace('platform: 0.1.0', "platform: '0.1.0'");
    const unsorted = canonical.replace(/( {2}api:\n(?: {4}.*\n){3})( {2}api-db:\n(?: {4}.*\n){3})/, '$2$1');
    for (const text of [quoted, unsorted]) {
      expect(text).not.toBe(canonical);
      const tree = treeWith(text);
      edit(tree, 'web', pin(9));
      expect(written(tree)).toBe(environmentStateYaml('prod', { ...fleet, web: pin(9) }, { old: { database: true } }));
    }
  });

  test('a file edited by hand and read in part keeps the hand edit around the verb\'s entry', () => {
    const quoted = canonical.replace('platform: 0.1.0', "platform: '0.1.0'");
    const tree = treeWith(quoted, ['web']);
    edit(tree, 'web', pin(9));
    expect(written(tree)).toBe(quoted.replace(`contract: ${revision(3)}\n    image: ${digest(3)}`, `contract: ${revision(9)}\n    image: ${digest(9)}`));
  });
});

describe('lacksRelease: a service certainly without a release in an environment (false: read the file to know)', () => {
  const text = environmentStateYaml('prod', { api: pin(1) }, { old: { database: false } });
  test.each<[string, OverlaySource, string, boolean]>([
    ['no file', new OverlaySource(EMPTY), 'api', true],
    ['a release', treeWith(text), 'api', false],
    ['no entry', treeWith(text), 'web', true],
    ['retained data only (not a release)', treeWith(text), 'old', true],
    ['a name that is not a service name', treeWith(text), 'API', false],
    ['a release before 0.1 (not pinned): read to know', treeWith(environmentStateYaml('prod', { api: 'ghcr.io/acme/api:1' })), 'web', false],
    ['a note added by hand: read to know', treeWith(`${text}# note\n`), 'web', false],
  ])('%s', (_what, tree, service, lacks) => {
    expect(lacksRelease(tree, 'prod', service)).toBe(lacks);
  });
});
