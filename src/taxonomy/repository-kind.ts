/**
 * The fixed set of repository kinds the platform knows. Every generated repository says which
 * one it is in `.zave/repository.json`.
 */
export enum RepositoryKind {
  /** A tenant workload: one `zave.yaml`, its code, and generated build and CI files. */
  SERVICE = 'service',
  /** The platform state: registrations, promotion state and rendered manifests that Argo CD reconciles. */
  GITOPS = 'gitops',
  /** The shared reusable CI workflows every tenant pipeline calls. */
  PLATFORM_WORKFLOWS = 'platform-workflows',
}

/** Machine-readable semantics of a repository kind (what `zave status` relies on). */
export interface RepositoryKindSemantics {
  /** The kind. */
  readonly kind: RepositoryKind;
  /** One sentence: what a repository of this kind is for. */
  readonly purpose: string;
  /** Whether the repository is bound to exactly one workload contract (`zave.yaml` at its root). */
  readonly boundToContract: boolean;
  /** Files the owners edit by hand; everything listed in `generatedFiles` is platform-owned. */
  readonly ownedFiles: string[];
  /** What the repository is the authority for, in the one-way flow contract -> CI -> GitOps -> cluster. */
  readonly authority: string;
  /** Whether anything in the repository may hold cluster credentials (always false: CI proposes, never applies). */
  readonly holdsClusterCredentials: boolean;
}

const SEMANTICS: Record<RepositoryKind, RepositoryKindSemantics> = {
  [RepositoryKind.SERVICE]: {
    kind: RepositoryKind.SERVICE,
    purpose: 'A tenant workload: application code, its zave.yaml contract, and platform-generated Dockerfile, CI and preview files.',
    boundToContract: true,
    ownedFiles: ['zave.yaml'],
    authority: 'intent: the contract (zave.yaml) and the code the image is built from',
    holdsClusterCredentials: false,
  },
  [RepositoryKind.GITOPS]: {
    kind: RepositoryKind.GITOPS,
    purpose: 'The platform state: platform.yaml, registered contracts, promotion state per environment and rendered manifests.',
    boundToContract: false,
    ownedFiles: ['platform.yaml'],
    authority: 'state: what runs where; Argo CD reconciles clusters from it',
    holdsClusterCredentials: false,
  },
  [RepositoryKind.PLATFORM_WORKFLOWS]: {
    kind: RepositoryKind.PLATFORM_WORKFLOWS,
    purpose: 'The shared reusable GitHub Actions workflows (validate, build, propose) tenant pipelines call.',
    boundToContract: false,
    ownedFiles: ['.projenrc.js'],
    authority: 'CI: turns a commit into a proposal (a branch on the GitOps repository); never touches a cluster',
    holdsClusterCredentials: false,
  },
};

/** Every repository kind, in documentation order. @internal */
export const REPOSITORY_KINDS: readonly RepositoryKind[] = [RepositoryKind.SERVICE, RepositoryKind.GITOPS, RepositoryKind.PLATFORM_WORKFLOWS];

/** The semantics of one repository kind. @internal */
export function repositoryKindSemantics(kind: RepositoryKind): RepositoryKindSemantics {
  const semantics = SEMANTICS[kind];
  if (!semantics) throw new Error(`unknown repository kind "${kind}"; the kinds are: ${REPOSITORY_KINDS.join(', ')}`);
  return { ...semantics, ownedFiles: [...semantics.ownedFiles] };
}
