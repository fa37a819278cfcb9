import { goSkeleton } from './go';
import { javaSkeleton } from './java';
import { nodeSkeleton } from './node';
import { pythonSkeleton } from './python';
import { RuntimeSkeleton } from './runtime-skeleton';
import { Runtime } from '../../../contract/enums';
import { ResolvedWorkload } from '../../../contract/resolved';

export { RuntimeSkeleton } from './runtime-skeleton';

/** The skeleton of a workload's runtime; undefined for `container` (the tenant brings the Dockerfile). */
export function runtimeSkeleton(workload: ResolvedWorkload): RuntimeSkeleton | undefined {
  switch (workload.runtime) {
    case Runtime.NODE: return nodeSkeleton(workload);
    case Runtime.PYTHON: return pythonSkeleton(workload);
    case Runtime.GO: return goSkeleton(workload);
    case Runtime.JAVA: return javaSkeleton(workload);
    default: return undefined;
  }
}
