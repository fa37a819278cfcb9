import { ensureEmbeddedGitOps, resolveGitOpsDir } from './embedded';
import { defaultPlatformYaml } from './platform/default';
import { synthesize } from './synth/synthesize';
import { ContractIssue } from '../contract/issue';

/** Options of `GitOpsSynth.run`. */
export interface GitOpsSynthOptions {
  /** Root of the GitOps repository (platform.yaml, workloads/, environments/). */
  readonly repoDir: string;
  /**
   * Compare deploy/ with what synth renders instead of writing (byte for byte, never trusting the cache).
   * @default false
   */
  readonly check?: boolean;
  /**
   * Ignore the incremental cache and render every workload.
   * @default false
   */
  readonly force?: boolean;
  /**
   * Worker threads for rendering; 0 renders in-process.
   * @default - every core when more than 200 renders are needed and compiled JavaScript is running
   */
  readonly workers?: number;
}

/** How one file of deploy/ differs from the rendered state (check mode). */
export interface GitOpsFileDifference {
  /** Repository-relative path. */
  readonly path: string;
  /** `missing` (synth would add it), `extra` (synth would remove it) or `changed`. */
  readonly change: string;
}

/** What a synth run did or found. */
export interface GitOpsSynthResult {
  /** True when deploy/ equals the rendered state (after writing, or already for check). */
  readonly ok: boolean;
  /** `full`, `incremental`, `no-op` or `check`. */
  readonly mode: string;
  /** Input problems of every file, sorted; nothing is written when there are any. */
  readonly issues: ContractIssue[];
  /** Remarks that are not errors (workloads without an image in an environment). */
  readonly notes: string[];
  /** Files written, repository-relative, sorted. */
  readonly written: string[];
  /** Files removed, repository-relative, sorted. */
  readonly removed: string[];
  /** Files left untouched. */
  readonly unchanged: number;
  /** Workload directories rendered. */
  readonly rendered: number;
  /** Workload directories reused from the cache. */
  readonly reused: number;
  /** Check mode: the differing files, sorted by path. */
  readonly differences: GitOpsFileDifference[];
  /** A readable summary. */
  readonly summary: string;
}

/**
 * Renders a GitOps repository's deploy/ from platform.yaml, workloads/ and environments/:
 * byte-deterministic, incremental by content hash, atomic.
 */
export class GitOpsSynth {
  /** Runs synth (or, with `check`, compares). Never throws on bad input: problems come back as issues. */
  public static async run(options: GitOpsSynthOptions): Promise<GitOpsSynthResult> {
    return synthesize({ repoDir: options.repoDir, check: options.check, force: options.force, workers: options.workers ?? 'auto' });
  }

  private constructor() {}
}

/** Result of `GitOpsRepository.ensureEmbedded`. */
export interface GitOpsRepositoryLocation {
  /** Absolute path of the repository. */
  readonly dir: string;
  /** True when this call created it. */
  readonly created: boolean;
}

/** Locating and creating GitOps repositories. */
export class GitOpsRepository {
  /** Where the GitOps repository is: `flag`, else the ZAVE_GITOPS variable, else `cwd` when it holds platform.yaml, else ./gitops. */
  public static resolveDir(cwd: string, flag?: string, zaveGitops?: string): string {
    return resolveGitOpsDir(flag, { ZAVE_GITOPS: zaveGitops }, cwd).dir;
  }

  /** Creates a local GitOps repository (git init, defaults, first commit) at `dir` unless one exists. */
  public static async ensureEmbedded(dir: string): Promise<GitOpsRepositoryLocation> {
    return ensureEmbeddedGitOps(dir);
  }

  /** The text of a default platform.yaml for the given environments (promotion order) and DNS zone. */
  public static defaultPlatformYaml(environments?: string[], domain?: string, repoUrl?: string): string {
    return defaultPlatformYaml({ environments, domain, repoURL: repoUrl });
  }

  private constructor() {}
}
