// Internal API of the GitOps plane for the other planes (lifecycle, status, bench, CLI).
// Not re-exported from the package index: these use zod-free but non-jsii shapes and callbacks.
export { synthesize, SynthesizeOptions, SynthesizeResult, SynthProgress, FileDifference } from './synth/synthesize';
export { loadGitOpsState, GitOpsState, RegisteredWorkload, StateLoadResult } from './state/load';
export { parsePlatform, parsePlatformFile, PlatformParseResult } from './platform/parse';
export { defaultPlatformYaml, DefaultPlatformOptions, DEFAULT_ENVIRONMENTS } from './platform/default';
export { PlatformConfig, PlatformEnvironment, PlatformGitOps, PlatformCapabilities, toEnvironmentSpec, GITOPS_API_VERSION } from './platform/platform';
export { EnvironmentState, parseEnvironmentState, environmentStateYaml } from './state/environment-state';
export { readRecordedReleases, RecordedRelease } from './state/environment-state-lenient';
export { ImageReference, ImageReferenceCheck, ImageReferenceProblem, ImageReferenceOptions } from '../common/image-reference';
export { ensureEmbeddedGitOps, resolveGitOpsDir, embeddedGitOpsFiles, EmbeddedGitOpsResult } from './embedded';
export { GitOpsIssueCode } from './issue-codes';
export * from './synth/layout';
export { recoverStaging } from './synth/transaction';
export { renderedLibraryVersion } from './synth/cache';
export { privateStateDir } from './repo/private-dir';
