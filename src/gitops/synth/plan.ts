import { sha256, sha256url } from './fingerprint';
import { PairInput } from './render-pair';
import { ResolvedWorkload } from '../../contract/resolved';
import { EnvironmentSpec } from '../../strategies/environment';
import { PlatformEnvironment, toEnvironmentSpec } from '../platform/platform';
import { GitOpsState, RegisteredWorkload } from '../state/load';

/** One (environment, workload) to render, with the hash of every input that affects its files. */
export interface PlannedPair {
  readonly environment: PlatformEnvironment;
  readonly spec: EnvironmentSpec;
  readonly registered: RegisteredWorkload;
  /** The contract this environment runs: its release's pinned revision, or the head when it pins none. */
  readonly workload: ResolvedWorkload;
  /** sha256 hex of that contract's bytes. */
  readonly contractSha: string;
  readonly image: string;
  /**
   * The zave version pinned to render this pair (its release's `platform`; the running version when
   * the release records none). A pair pinned to another version than the running one is held.
   */
  readonly platform: string;
  /** Hash (sha256, base64url: the synth cache's form) of contract bytes, image, environment, capabilities and library build. */
  readonly inputHash: string;
}

/** One environment: its rendered workloads and the hash of its environment-level inputs. */
export interface PlannedEnvironment {
  readonly environment: PlatformEnvironment;
  /** Workloads with an image here, sorted by service. */
  readonly pairs: readonly PlannedPair[];
  readonly inputHash: string;
}

/** The library build that renders: part of every hash. */
export interface LibraryIdentity {
  readonly format: number;
  readonly version: string;
  readonly code: string;
}

/** A PlannedPair (a class: 3,000 pairs share one prototype getter instead of each carrying its own accessor). */
class Pair implements PlannedPair {
  constructor(
    readonly environment: PlatformEnvironment,
    readonly spec: EnvironmentSpec,
    readonly registered: RegisteredWorkload,
    private readonly pinned: { readonly workload: ResolvedWorkload } | undefined,
    readonly image: string,
    readonly platform: string,
    readonly contractSha: string,
    readonly inputHash: string,
  ) {}

  get workload(): ResolvedWorkload {
    return this.pinned ? this.pinned.workload : this.registered.workload;
  }
}

/** Computes what synth must produce from the loaded state (pure, no I/O). */
export function planSynth(state: GitOpsState, library: LibraryIdentity): PlannedEnvironment[] {
  const lib = JSON.stringify(library);
  const caps = JSON.stringify(state.platform.capabilities);
  return state.platform.environments.map((environment) => {
    const spec = toEnvironmentSpec(environment);
    const envPrefix = sha256(`${lib}\n${caps}\n${JSON.stringify(spec)}`);
    const releases = state.environments[environment.name]?.releases ?? {};
    const pairs: PlannedPair[] = [];
    for (const registered of state.workloads) {
      const release = releases[registered.service];
      if (release === undefined) continue;
      const pinned = release.contract ? state.revisions[registered.service]?.[release.contract.slice('sha256:'.length)] : undefined;
      if (release.contract && !pinned) continue; // reported by the loader (contract-revision-missing)
      const contractSha = pinned ? pinned.sha : registered.contractSha;
      const inputHash = sha256url(`${envPrefix}\n${contractSha}\n${release.image}`);
      pairs.push(new Pair(environment, spec, registered, pinned, release.image, release.platform ?? library.version, contractSha, inputHash));
    }
    const inputHash = sha256(`${lib}\n${JSON.stringify(environment)}\n${JSON.stringify(state.platform.gitops)}\n${pairs.map((p) => p.registered.service).join(',')}`);
    return { environment, pairs, inputHash };
  });
}

/** The plain-data render input of a planned pair (it crosses worker threads). */
export function pairInput(pair: PlannedPair, state: GitOpsState): PairInput {
  return { environment: pair.spec, workload: pair.workload, image: pair.image, capabilities: state.platform.capabilities };
}
