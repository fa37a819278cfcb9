/** Datastores recognised by image name, URL scheme and port. PostgreSQL is the one the contract offers. */
interface DatastoreSpec {
  readonly name: string;
  /** Image name parts (last path segment of the repository, split at `-`). */
  readonly images: readonly string[];
  readonly schemes: readonly string[];
  readonly ports: readonly number[];
}

const DATASTORES: readonly DatastoreSpec[] = [
  { name: 'PostgreSQL', images: ['postgres', 'postgresql', 'postgis'], schemes: ['postgres', 'postgresql'], ports: [5432] },
  { name: 'Redis', images: ['redis', 'valkey', 'keydb'], schemes: ['redis', 'rediss'], ports: [6379] },
  { name: 'MySQL', images: ['mysql', 'mariadb', 'percona'], schemes: ['mysql', 'mariadb'], ports: [3306] },
  { name: 'MongoDB', images: ['mongo', 'mongodb'], schemes: ['mongodb', 'mongodb+srv'], ports: [27017] },
  { name: 'Kafka', images: ['kafka'], schemes: ['kafka'], ports: [9092] },
  { name: 'RabbitMQ', images: ['rabbitmq'], schemes: ['amqp', 'amqps'], ports: [5672] },
  { name: 'NATS', images: ['nats'], schemes: ['nats'], ports: [4222] },
  { name: 'Memcached', images: ['memcached'], schemes: ['memcached'], ports: [11211] },
  { name: 'Elasticsearch', images: ['elasticsearch', 'opensearch'], schemes: [], ports: [9200] },
  { name: 'Cassandra', images: ['cassandra', 'scylla'], schemes: [], ports: [9042] },
  { name: 'ZooKeeper', images: ['zookeeper'], schemes: [], ports: [2181] },
  { name: 'etcd', images: ['etcd'], schemes: ['etcd'], ports: [2379] },
];

/** The name of the PostgreSQL entry. */
export const POSTGRES = 'PostgreSQL';

/** The repository name of an image without registry, path, tag or digest: `ghcr.io/a/b-c:1` → `b-c`. */
export function imageName(image: string): string {
  const noDigest = image.split('@')[0];
  const last = noDigest.split('/').pop() ?? '';
  return last.split(':')[0].toLowerCase();
}

/** The datastore an image runs, if it is one (`redis:7.2` → Redis, `bitnami/postgresql` → PostgreSQL). */
export function datastoreOfImage(image: string): string | undefined {
  const name = imageName(image);
  const parts = name.split(/[-_.]/);
  // The first part decides after vendor prefixes (`cp-kafka` is Kafka); tools beside a datastore (`redis-exporter`) are not one.
  const skip = new Set(['cp', 'bitnami']);
  const core = parts.filter((p) => !skip.has(p));
  if (core.length === 0) return undefined;
  if (core.length > 1 && ['exporter', 'operator', 'proxy', 'sentinel', 'commander', 'ui', 'admin'].some((p) => core.includes(p))) return undefined;
  return DATASTORES.find((d) => d.images.includes(core[0]))?.name;
}

/** The datastore a URL scheme names (`redis://` → Redis). */
export function datastoreOfScheme(scheme: string): string | undefined {
  return DATASTORES.find((d) => d.schemes.includes(scheme.toLowerCase()))?.name;
}

/** The datastore usually listening on a port (6379 → Redis). */
export function datastoreOfPort(port: number): string | undefined {
  return DATASTORES.find((d) => d.ports.includes(port))?.name;
}
