import { sha256 } from './fingerprint';
import { PairInput } from './render-pair';
import { EnvironmentSpec } from '../../strategies/environment';
import { PlatformEnvironment, toEnvironmentSpec } from '../platform/platform';
import { GitOpsState, RegisteredWorkload } from '../state/load';

/** One (environment, workload) to render, with the hash of every input that affects its files. */
export interface PlannedPair {
  readonly environment: PlatformEnvironment;
  readonly spec: EnvironmentSpec;
  readonly registered: RegisteredWorkload;
  readonly image: string;
  /** Hash of contract bytes, image, environment, capabilities and library build. */
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

/** Computes what synth must produce from the loaded state (pure, no I/O). */
export function planSynth(state: GitOpsState, library: LibraryIdentity): PlannedEnvironment[] {
  const lib = JSON.stringify(library);
  const caps = JSON.stringify(state.platform.capabilities);
  return state.platform.environments.map((environment) => {
    const spec = toEnvironmentSpec(environment);
    const envPrefix = sha256(`${lib}\n${caps}\n${JSON.stringify(spec)}`);
    const images = state.environments[environment.name]?.images ?? {};
    const pairs: PlannedPair[] = [];
    for (const registered of state.workloads) {
      const image = images[registered.service];
      if (image === undefined) continue;
      const inputHash = sha256(`${envPrefix}\n${registered.contractSha}\n${image}`);
      pairs.push({ environment, spec, registered, image, inputHash });
    }
    const inputHash = sha256(`${lib}\n${JSON.stringify(environment)}\n${JSON.stringify(state.platform.gitops)}\n${pairs.map((p) => p.registered.service).join(',')}`);
    return { environment, pairs, inputHash };
  });
}

/** The plain-data render input of a planned pair (it crosses worker threads). */
export function pairInput(pair: PlannedPair, state: GitOpsState): PairInput {
  return { environment: pair.spec, workload: pair.registered.workload, image: pair.image, capabilities: state.platform.capabilities };
}
