import { Construct } from 'constructs';
import { StrategyProps } from './strategy-props';
import { WorkloadFoundation } from './workload-foundation';
import { SyncWave, WorkloadLabels } from '../capabilities/labels';
import { ManifestObject } from '../capabilities/manifest-object';
import { MetricsMonitor } from '../capabilities/metrics-monitor';
import { WorkloadNaming } from '../capabilities/naming';
import { workloadMetadata } from '../capabilities/object-metadata';
import { WorkloadPodTemplate } from '../capabilities/pod-template';
import { ImageReference } from '../common/image-reference';

/** Props of {@link ScheduledJob}. */
export interface ScheduledJobProps extends StrategyProps {}

/**
 * The `scheduled-job` strategy: a CronJob (schedule in UTC) that never overlaps
 * (`concurrencyPolicy: Forbid`), keeps bounded history, gives up on late starts, retries a bounded
 * number of times and is killed when it runs too long. Renders the foundation and a PodMonitor.
 */
export class ScheduledJob extends Construct {
  /** CronJob `startingDeadlineSeconds`. */
  public static readonly STARTING_DEADLINE_SECONDS = 300;
  /** Job `backoffLimit`. */
  public static readonly BACKOFF_LIMIT = 2;
  /** Job `activeDeadlineSeconds`. */
  public static readonly ACTIVE_DEADLINE_SECONDS = 3600;
  /** Successful and failed jobs kept. */
  public static readonly HISTORY_LIMIT = 3;

  /** Namespace, ServiceAccount, network isolation and database. */
  public readonly foundation: WorkloadFoundation;
  /** The CronJob object. */
  public readonly cronJob: ManifestObject;
  /** The PodMonitor. */
  public readonly monitor: MetricsMonitor;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const { workload, environment } = props;
    if (workload.schedule === undefined) {
      throw new Error(`ScheduledJob ${workload.service}: strategy is ${workload.strategy} and no schedule is set; add schedule: "0 3 * * *" to the contract`);
    }
    const naming = WorkloadNaming.of(workload, environment);
    if (naming.service.length > 52) throw new Error(`ScheduledJob ${naming.service}: CronJob names allow 52 characters`);
    this.foundation = new WorkloadFoundation(this, 'Foundation', props);
    const version = ImageReference.parse(props.image).version;
    this.cronJob = new ManifestObject(this, 'CronJob', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: workloadMetadata(props, naming.service, 'app', SyncWave.APP, {},
        WorkloadLabels.standard(workload, environment, 'app', version)),
      body: {
        spec: {
          schedule: workload.schedule,
          timeZone: 'Etc/UTC',
          concurrencyPolicy: 'Forbid',
          startingDeadlineSeconds: ScheduledJob.STARTING_DEADLINE_SECONDS,
          successfulJobsHistoryLimit: ScheduledJob.HISTORY_LIMIT,
          failedJobsHistoryLimit: ScheduledJob.HISTORY_LIMIT,
          jobTemplate: {
            metadata: { labels: WorkloadLabels.standard(workload, environment, 'app', version) },
            spec: {
              backoffLimit: ScheduledJob.BACKOFF_LIMIT,
              activeDeadlineSeconds: ScheduledJob.ACTIVE_DEADLINE_SECONDS,
              ttlSecondsAfterFinished: 86400,
              template: WorkloadPodTemplate.render({ workload, environment, image: props.image, component: 'app', restartPolicy: 'Never' }),
            },
          },
        },
      },
    });
    this.monitor = new MetricsMonitor(this, 'Monitor', { workload, environment, viaService: false });
  }
}
