import * as fc from 'fast-check';
import { environmentStateYaml, Release, Retention } from '../../../src/gitops/state/environment-state';

/** A digest-pinned image reference, distinct per `i`. */
export const digest = (i: number) => `ghcr.io/acme/svc-${i}@sha256:${i.toString(16).padStart(64, '0')}`;
/** A contract revision (`sha256:<64 hex>`), distinct per `i`. */
export const revision = (i: number) => `sha256:${(i * 7).toString(16).padStart(64, 'a')}`;
/** A pinned release: digest, contract revision and zave version. */
export const pin = (i: number, platform = '0.1.0'): Release => ({ image: digest(i), contract: revision(i), platform });

/** A promotion-state file (environment prod) as zave writes it, edits of some of its entries (null: removed), and the whole file those edits give. */
export interface StateEditCase {
  readonly text: string;
  readonly releaseEdits: Map<string, Release | null>;
  readonly retainedEdits: Map<string, Retention | null>;
  readonly want: string;
}

/**
 * Random files of releases and retained data over `names` and random edits of them (set, replace,
 * remove; a service may end up both released and retained, which readers refuse), for the property
 * tests of the splices: each must give `want`, the whole file written again.
 */
export function stateEditCases(names: readonly string[]): fc.Arbitrary<StateEditCase> {
  const release = fc.oneof(fc.constant(null), fc.nat({ max: 40 }).map((i) => pin(i + 1, i % 2 ? '0.1.0' : '1.2.3-rc.1')));
  const retention = fc.oneof(fc.constant(null), fc.boolean().map((database): Retention => ({ database })));
  const entries = <T>(value: fc.Arbitrary<T>) => fc.dictionary(fc.constantFrom(...names), value, { maxKeys: names.length });
  return fc.tuple(entries(release.filter((r) => r !== null)), entries(retention.filter((r) => r !== null)), entries(release), entries(retention))
    .map(([releases, retained, releaseEdits, retainedEdits]) => {
      const wantReleases: Record<string, Release> = { ...releases as Record<string, Release> };
      for (const [s, r] of Object.entries(releaseEdits)) if (r === null) delete wantReleases[s]; else wantReleases[s] = r;
      const wantRetained: Record<string, Retention> = { ...retained as Record<string, Retention> };
      for (const [s, r] of Object.entries(retainedEdits)) if (r === null) delete wantRetained[s]; else wantRetained[s] = r;
      return {
        text: environmentStateYaml('prod', releases as Record<string, Release>, retained as Record<string, Retention>),
        releaseEdits: new Map(Object.entries(releaseEdits)),
        retainedEdits: new Map(Object.entries(retainedEdits)),
        want: environmentStateYaml('prod', wantReleases, wantRetained),
      };
    });
}
