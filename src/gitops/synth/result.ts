import { FileDifference } from './diff';
import { PlannedPair } from './plan';
import { HeldVersion } from './platform-pins';
import { UnsafePathError } from './transaction';
import { ContractIssue } from '../../contract/issue';
import { sortIssues } from '../../contract/parse';
import { GitOpsIssueCode } from '../issue-codes';

/** Progress of a synth run, for the CLI's stderr. */
export interface SynthProgress {
  readonly phase: 'load' | 'render' | 'write' | 'check';
  readonly done: number;
  readonly total: number;
}

/** Options of `synthesize`. */
export interface SynthesizeOptions {
  /** Root of the GitOps repository. */
  readonly repoDir: string;
  /** Compare instead of write: never touches the repository, never trusts the cache. */
  readonly check?: boolean;
  /**
   * Check mode only: check just the releases pinned to this zave version (it must be the running one),
   * ignoring every other file. This is what a newer zave asks an older one to do.
   */
  readonly onlyPlatform?: string;
  /**
   * Command template that runs another zave version, `{version}` replaced (no shell).
   * @default $ZAVE_PLATFORM_RUNNER, else `npx --yes --package @zave/platform@{version} zave`
   */
  readonly platformRunner?: string;
  /** Ignore the cache and render everything. */
  readonly force?: boolean;
  /** Worker threads for renders besides the calling thread, which renders too (0 = in-process only; 'auto' by default: one fewer than the cores). */
  readonly workers?: number | 'auto';
  /** Worker script override (tests). */
  readonly workerScript?: string;
  /** Run the worker script through ts-node (tests). */
  readonly tsWorker?: boolean;
  readonly onProgress?: (progress: SynthProgress) => void;
  /** Test hook called after each rename of the swap. */
  readonly interrupt?: (renames: number) => void;
}

/** What a synth run did. */
export interface SynthesizeResult {
  /** True when deploy/ now equals (or, for check, already equalled) the rendered state. */
  readonly ok: boolean;
  readonly mode: 'full' | 'incremental' | 'no-op' | 'check';
  readonly issues: ContractIssue[];
  readonly notes: string[];
  /** Files written (repository-relative, sorted). */
  readonly written: string[];
  /** Files removed (repository-relative, sorted). */
  readonly removed: string[];
  /** Files left as they were. */
  readonly unchanged: number;
  /** Workload renders run. */
  readonly rendered: number;
  /** Workload directories reused from the cache. */
  readonly reused: number;
  /** Check mode: how deploy/ differs from the rendered state. */
  readonly differences: FileDifference[];
  /** One readable paragraph. */
  readonly summary: string;
  /** Releases pinned to another zave version than the running one: not rendered here, their files kept as committed. */
  readonly held?: HeldVersion[];
}

/** A failed run: issues sorted, nothing written. */
export function failure(mode: SynthesizeResult['mode'], issues: ContractIssue[], notes: string[]): SynthesizeResult {
  const sorted = sortIssues(issues);
  return {
    ok: false,
    mode,
    issues: sorted,
    notes,
    written: [],
    removed: [],
    unchanged: 0,
    rendered: 0,
    reused: 0,
    differences: [],
    summary: `${sorted.length} problem${sorted.length === 1 ? '' : 's'} found; deploy/ was not changed`,
  };
}

/** The issue of a render that threw, located at the contract. */
export function renderIssue(pair: PlannedPair, error: string): ContractIssue {
  return {
    code: GitOpsIssueCode.RENDER_FAILED,
    file: pair.registered.file,
    line: 1,
    column: 1,
    path: '',
    message: `rendering ${pair.registered.service} for ${pair.environment.name} failed: ${error}`,
    hint: 'this is a bug in the delivery strategy or a platform.yaml value it cannot handle: report it with this contract',
  };
}

/** The issue of a refused symlink or out-of-repository path. */
export function unsafeIssue(e: UnsafePathError): ContractIssue {
  return { code: GitOpsIssueCode.UNSAFE_PATH, file: e.target, line: 1, column: 1, path: '', message: e.message, hint: 'remove the link (git rm) and run zave synth again' };
}
