/** The UID, GID and fsGroup every workload container runs as (≥ 10000, outside host user ranges). */
export const WORKLOAD_UID = 10001;

/**
 * Security contexts that pass the Pod Security Standards `restricted` profile, plus a read-only
 * root filesystem.
 */
export class RestrictedSecurityContext {
  /** Pod-level: non-root, high UID/GID/fsGroup, seccomp RuntimeDefault. */
  public static pod(): { [key: string]: any } {
    return {
      runAsNonRoot: true,
      runAsUser: WORKLOAD_UID,
      runAsGroup: WORKLOAD_UID,
      fsGroup: WORKLOAD_UID,
      seccompProfile: { type: 'RuntimeDefault' },
    };
  }

  /** Container-level: no privilege escalation, all capabilities dropped, read-only root filesystem. */
  public static container(): { [key: string]: any } {
    return {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: WORKLOAD_UID,
      runAsGroup: WORKLOAD_UID,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    };
  }

  private constructor() {}
}
