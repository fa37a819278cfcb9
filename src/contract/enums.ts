/**
 * Language runtime of a workload. Chooses the image build (Dockerfile) and the runtime skeleton.
 */
export enum Runtime {
  /** Node.js (LTS). */
  NODE = 'node',
  /** Python 3. */
  PYTHON = 'python',
  /** Go. */
  GO = 'go',
  /** Java (JDK LTS). */
  JAVA = 'java',
  /** The tenant brings its own Dockerfile. */
  CONTAINER = 'container',
}

/**
 * How a workload is reached.
 */
export enum Exposure {
  /** Reachable from the internet through the ingress controller, with TLS and DNS. */
  PUBLIC_HTTP = 'public-http',
  /** Reachable only from inside the cluster through a ClusterIP Service. */
  INTERNAL_HTTP = 'internal-http',
  /** Not reachable at all (workers and scheduled jobs). */
  NONE = 'none',
}

/**
 * The managed database a workload asks for.
 */
export enum Database {
  /** A CloudNativePG PostgreSQL cluster per environment. */
  POSTGRES = 'postgres',
  /** No database. */
  NONE = 'none',
}

/**
 * The delivery strategy: the fixed set of shapes a workload can take.
 */
export enum Strategy {
  /** A long-running HTTP server behind a Service (and an Ingress when public). */
  HTTP_SERVICE = 'http-service',
  /** A long-running process with no inbound traffic. */
  WORKER = 'worker',
  /** A CronJob that runs to completion on a schedule. */
  SCHEDULED_JOB = 'scheduled-job',
}

/**
 * T-shirt size: the resource requests and limits of a workload.
 */
export enum Size {
  /** 100m CPU / 128Mi requested. */
  SMALL = 'small',
  /** 250m CPU / 256Mi requested. */
  MEDIUM = 'medium',
  /** 500m CPU / 512Mi requested. */
  LARGE = 'large',
}

/** Allowed values of each enumerated contract field, in documentation order. @internal */
export const ENUM_VALUES = {
  runtime: ['node', 'python', 'go', 'java', 'container'],
  exposure: ['public-http', 'internal-http', 'none'],
  database: ['postgres', 'none'],
  strategy: ['http-service', 'worker', 'scheduled-job'],
  size: ['small', 'medium', 'large'],
} as const;
