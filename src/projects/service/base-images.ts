/**
 * Base images of the generated Dockerfiles, pinned by digest (`image:tag@sha256:...`): the tag
 * says what the image is, the digest decides which bytes are pulled. Bumping one is a reviewed
 * platform release, never a silent change.
 *
 * Provenance: each digest is the one several independent public repositories pin for the same
 * tag; this build machine has no registry access to re-verify them (see the tenant README section).
 */
export const BASE_IMAGES = {
  /** Node.js 22 (LTS) build stage (npm available); Node 20 reached its end of life on 2026-04-30. */
  nodeBuild: 'node:22-bookworm-slim@sha256:43ac6c60b8f89723f746e8a92ce91abd5017e627ce1ddfe4238355d3a30b772c',
  /** Node.js 22 (LTS) runtime: distroless, no shell, non-root (the Dockerfile runs as UID 10001, the UID every pod runs as). */
  nodeRuntime: 'gcr.io/distroless/nodejs22-debian12:nonroot@sha256:13593b7570658e8477de39e2f4a1dd25db2f836d68a0ba771251572d23bb4f8e',
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
