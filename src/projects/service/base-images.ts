/**
 * Base images of the generated Dockerfiles, pinned by digest (`image:tag@sha256:...`): the tag
 * says what the image is, the digest decides which bytes are pulled. Bumping one is a reviewed
 * platform release, never a silent change.
 *
 * Provenance: each digest is the one several independent public repositories pin for the same
 * tag; this build machine has no registry access to re-verify them (see the tenant README section).
 */
export const BASE_IMAGES = {
  /** Node.js 20 build stage (npm available). */
  nodeBuild: 'node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0',
  /** Node.js 20 runtime: distroless, no shell, non-root (the Dockerfile runs as UID 10001, the UID every pod runs as). */
  nodeRuntime: 'gcr.io/distroless/nodejs20-debian12:nonroot@sha256:2cd820156cf039c8b54ae2d2a97e424b6729070714de8707a6b79f20d56f6a9a',
  /** Python 3.12 build and runtime stage (the virtualenv must match the interpreter). */
  python: 'python:3.12-slim-bookworm@sha256:782412e85d0f0984994c290652577d4018aff08145c85b262bb63dc0c7522254',
  /** Go 1.22 build stage. */
  goBuild: 'golang:1.22-bookworm@sha256:3d699e4d15d0f8f13c9195c0632a16702b8cbdece2955af1c23b37ae5d55a253',
  /** Static runtime for Go binaries: distroless, non-root (the Dockerfile runs as UID 10001, the UID every pod runs as). */
  goRuntime: 'gcr.io/distroless/static-debian12:nonroot@sha256:d093aa3e30dbadd3efe1310db061a14da60299baff8450a17fe0ccc514a16639',
  /** Maven 3.9 with JDK 21 build stage. */
  javaBuild: 'maven:3.9-eclipse-temurin-21@sha256:8f6ac126f7810bb5549c4cd122d2bf0e9cda5bdeb0838aa928f09e779fd8bef8',
  /** Java 21 runtime: distroless JRE, non-root (the Dockerfile runs as UID 10001, the UID every pod runs as). */
  javaRuntime: 'gcr.io/distroless/java21-debian12:nonroot@sha256:7e37784d94dccbf5ccb195c73b295f5ad00cd266512dfbac12eb9c3c28f8077d',
} as const;
