import { ViolationSink } from './sink';

const ALLOWED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** Every container of a pod spec with its field path. */
export function containersOf(spec: any, at: string): Array<{ c: any; at: string }> {
  const out: Array<{ c: any; at: string }> = [];
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers']) {
    (spec?.[kind] ?? []).forEach((c: any, i: number) => out.push({ c, at: `${at}.${kind}[${i}]` }));
  }
  return out;
}

/**
 * Pod Security Standards `restricted` (which includes `baseline`) over one pod spec at `at`:
 * W1 host namespaces, W2 privileged, W3 privilege escalation, W4 non-root, W6/W7 capabilities,
 * W8 seccomp, W10/W11 volumes, W12 host ports, W13 sysctls/procMount/SELinux/AppArmor/probe host.
 */
export function checkPodSecurityRestricted(spec: any, at: string, sink: ViolationSink): void {
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec?.[field] === true) sink.add('W1', `${at}.${field}`, `${field} is true; pods must not share host namespaces`);
  }
  const podSc = spec?.securityContext ?? {};
  const containers = containersOf(spec, at);
  const podSeccomp = podSc.seccompProfile?.type;
  if (podSeccomp === 'Unconfined') sink.add('W8', `${at}.securityContext.seccompProfile.type`, 'seccomp is Unconfined; expected RuntimeDefault');
  for (const { c, at: cat } of containers) {
    const sc = c.securityContext ?? {};
    if (sc.privileged === true) sink.add('W2', `${cat}.securityContext.privileged`, `container ${c.name} is privileged`);
    if (sc.allowPrivilegeEscalation !== false) {
      sink.add('W3', `${cat}.securityContext.allowPrivilegeEscalation`, `container ${c.name}: allowPrivilegeEscalation must be false (found ${sc.allowPrivilegeEscalation})`);
    }
    if (sc.runAsNonRoot !== true && podSc.runAsNonRoot !== true) {
      sink.add('W4', `${cat}.securityContext.runAsNonRoot`, `container ${c.name} may run as root: set runAsNonRoot: true on the pod or container`);
    }
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) sink.add('W4', `${cat}.securityContext.runAsUser`, `container ${c.name} runs as UID 0`);
    const drop: string[] = sc.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) sink.add('W6', `${cat}.securityContext.capabilities.drop`, `container ${c.name} does not drop ALL capabilities`);
    const add: string[] = sc.capabilities?.add ?? [];
    for (const cap of add) {
      if (cap !== 'NET_BIND_SERVICE') sink.add('W7', `${cat}.securityContext.capabilities.add`, `container ${c.name} adds capability ${cap}; only NET_BIND_SERVICE is allowed`);
    }
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      sink.add('W8', `${cat}.securityContext.seccompProfile.type`, `container ${c.name} has seccomp ${seccomp ?? 'unset'}; expected RuntimeDefault`);
    }
    (c.ports ?? []).forEach((p: any, i: number) => {
      if (p.hostPort !== undefined && p.hostPort !== 0) sink.add('W12', `${cat}.ports[${i}].hostPort`, `container ${c.name} binds host port ${p.hostPort}`);
    });
    if (sc.procMount !== undefined && sc.procMount !== 'Default') sink.add('W13', `${cat}.securityContext.procMount`, `procMount ${sc.procMount}; only Default is allowed`);
    checkSeLinuxAndAppArmor(sc, `${cat}.securityContext`, sink);
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      if (c[probe]?.httpGet?.host !== undefined) sink.add('W13', `${cat}.${probe}.httpGet.host`, `${probe} of ${c.name} targets host ${c[probe].httpGet.host}; probes must target the pod`);
    }
  }
  if (podSc.sysctls !== undefined && podSc.sysctls.length > 0) sink.add('W13', `${at}.securityContext.sysctls`, 'sysctls are set; the platform allows none');
  checkSeLinuxAndAppArmor(podSc, `${at}.securityContext`, sink);
  (spec?.volumes ?? []).forEach((v: any, i: number) => {
    const types = Object.keys(v).filter((k) => k !== 'name');
    if (v.hostPath !== undefined) sink.add('W10', `${at}.volumes[${i}].hostPath`, `volume ${v.name} mounts a host path`);
    for (const t of types) {
      if (!ALLOWED_VOLUME_TYPES.includes(t)) sink.add('W11', `${at}.volumes[${i}].${t}`, `volume ${v.name} has type ${t}; allowed: ${ALLOWED_VOLUME_TYPES.join(', ')}`);
    }
  });
}

function checkSeLinuxAndAppArmor(sc: any, at: string, sink: ViolationSink): void {
  const se = sc?.seLinuxOptions;
  if (se?.user !== undefined || se?.role !== undefined) sink.add('W13', `${at}.seLinuxOptions`, 'SELinux user or role is set');
  if (se?.type !== undefined && !['container_t', 'container_init_t', 'container_kvm_t'].includes(se.type)) {
    sink.add('W13', `${at}.seLinuxOptions.type`, `SELinux type ${se.type} is not allowed`);
  }
  if (sc?.appArmorProfile?.type === 'Unconfined') sink.add('W13', `${at}.appArmorProfile.type`, 'AppArmor is Unconfined');
}
