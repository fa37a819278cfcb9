import { LifecycleBranch, lifecycleTrailers } from './branches';
import { requireEnvironment, requireRegistered, requireServiceName } from './environments';
import { LifecycleError, LifecycleErrorCode } from './errors';
import { requireRunningPlatform } from './promote';
import { shortImage } from './propose';
import { runChange } from './run-change';
import { environmentOrder, migrateLegacyReleases, readReleases, releaseContractChange, revisionBytes, writeReleases } from './state-files';
import { LifecycleOptions, LifecycleResult } from './types';
import { parseEnvironmentState, Release } from '../state/environment-state';
import { revisionFile } from '../state/load';
import { libraryVersion } from '../synth/fingerprint';

/** Options of rollbackRelease. */
export interface RollbackOptions extends LifecycleOptions {
  /** A registered service. */
  readonly service: string;
  /** The environment to roll back. */
  readonly environment: string;
  /**
   * A commit of the GitOps repository whose release of the service in this environment returns.
   * @default the release the environment ran before the current one (from Git history)
   */
  readonly to?: string;
}

function releaseIn(bytes: Buffer | undefined, env: string, service: string): Release | undefined {
  if (!bytes) return undefined;
  return parseEnvironmentState(bytes, `environments/${env}.yaml`, env, false).state?.releases[service];
}

const same = (a: Release | undefined, b: Release | undefined) => a?.image === b?.image && a?.contract === b?.contract && a?.platform === b?.platform;

/**
 * Proposes the previous release of a service in one environment (image, contract revision and platform
 * version, found in the Git history of `environments/<env>.yaml`), or the one at `to`; commits on
 * `zave/rollback-<service>-<env>`. The rendered manifests return byte for byte to what that release
 * rendered. Errors: nothing-to-roll-back-to, unknown-environment, not-registered.
 */
export async function rollbackRelease(options: RollbackOptions): Promise<LifecycleResult> {
  const { service, environment } = options;
  requireServiceName(service);
  return runChange({
    verb: 'rollback',
    service,
    environment,
    branch: LifecycleBranch.rollback(service, environment),
    services: [service],
    environments: { reads: [environment], writes: [environment] },
    apply(tree, history) {
      const order = environmentOrder(tree);
      requireEnvironment(environment, order);
      requireRegistered(tree, service);
      const file = `environments/${environment}.yaml`;
      const { releases } = readReleases(tree, environment);
      const current = releases[service];
      let target: Release | undefined;
      let source: { commit: string; subject: string } | undefined;
      if (options.to) {
        const commit = history.resolve(options.to);
        if (!commit) throw new LifecycleError(LifecycleErrorCode.NO_RELEASE_TO_ROLL_BACK_TO, `${options.to} is not a commit of the base branch of the GitOps repository`);
        target = releaseIn(history.at(commit, file), environment, service);
        source = { commit, subject: commit.slice(0, 12) };
      } else {
        for (const v of history.versions(file, 200)) {
          const r = releaseIn(v.bytes, environment, service);
          if (r && !same(r, current)) {
            target = r;
            source = v;
            break;
          }
        }
      }
      if (!target || !source) {
        throw new LifecycleError(LifecycleErrorCode.NO_RELEASE_TO_ROLL_BACK_TO,
          `${service} has no earlier release in ${environment} to roll back to${options.to ? ` at ${options.to}` : ' in the history of environments/' + environment + '.yaml'}`);
      }
      requireRunningPlatform(target.platform, `the release of ${service} that ${environment} ran at ${source.commit.slice(0, 12)}`,
        `roll back with zave ${target.platform}: npx --yes --package @zave/platform@${target.platform} zave rollback ${service} --env ${environment}${options.to ? ` --to ${options.to}` : ''}`);
      // The head does not move: releases that still follow it are pinned in this environment.
      migrateLegacyReleases(tree, [environment], libraryVersion());
      const restored: Release = { ...target, platform: target.platform ?? libraryVersion() };
      // The revision's bytes come back from the commit that ran it, if the tree no longer keeps them.
      if (restored.contract && !revisionBytes(tree, service, restored.contract)) {
        const rel = revisionFile(service, restored.contract.slice('sha256:'.length));
        const bytes = history.at(source.commit, rel) ?? history.at(source.commit, `workloads/${service}/zave.yaml`);
        if (!bytes) throw new LifecycleError(LifecycleErrorCode.NO_RELEASE_TO_ROLL_BACK_TO, `the contract revision ${restored.contract} of that release is not in the history any more`);
        tree.write(rel, bytes);
      }
      releases[service] = restored;
      writeReleases(tree, environment, releases);
      const contractMoves = restored.contract !== current?.contract && restored.contract !== undefined;
      return {
        title: `Roll back ${service} in ${environment} to ${shortImage(restored.image)}`,
        summary: `Proposes the release of ${service} that ${environment} ran before (${source.commit.slice(0, 12)} "${source.subject}"): image ${restored.image}, contract ${restored.contract?.slice(0, 19) ?? '(head)'}, platform ${restored.platform}.`,
        images: current?.image === restored.image ? [] : [{ environment, ...(current ? { from: current.image } : {}), to: restored.image }],
        ...(contractMoves ? {
          contract: releaseContractChange(tree, service, environment, current?.contract, restored.contract!),
        } : {}),
        review: [
          `What returns: the exact release recorded in ${file} at ${source.commit.slice(0, 12)}; the rendered manifests of ${service} in ${environment} return to what that release rendered.`,
          'Other environments are not touched. Stateful objects are kept even when the returning release has no database (Delete=false, Prune=confirm).',
        ],
        trailers: lifecycleTrailers('rollback', service, environment, restored.image, restored.contract),
        unchangedSummary: `${service} already runs that release in ${environment}; nothing to roll back`,
      };
    },
  }, options);
}
