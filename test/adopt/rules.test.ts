import * as fs from 'fs';
import * as path from 'path';
import { datastoreOfImage, datastoreOfPort, datastoreOfScheme } from '../../src/adopt/datastores';
import { FINDING_CODES } from '../../src/adopt/finding-codes';
import { addressesIn } from '../../src/adopt/references';
import { runtimeOfImage } from '../../src/adopt/runtime';
import { deriveServiceName } from '../../src/adopt/service-name';
import { nearestSize, quantityValue } from '../../src/adopt/size';

describe('service names', () => {
  test.each([
    ['orders', 'orders', []],
    ['Nightly_Cleanup', 'nightly-cleanup', ['lower-cased', 'characters other than a-z, 0-9 and "-" replaced by "-"']],
    ['2fa-service', 'fa-service', ['leading characters before the first letter removed (a DNS-1035 label starts with a letter)']],
    ['a..b', 'a-b', ['characters other than a-z, 0-9 and "-" replaced by "-"']],
    ['con', 'con-svc', ['a Windows device name: "-svc" appended']],
    ['x'.repeat(45), 'x'.repeat(40), ['shortened to at most 40 characters at a "-" (derived names such as <service>-db-rw must fit Kubernetes limits)']],
  ])('%s → %s', (input, name, changes) => {
    expect(deriveServiceName(input, new Set())).toEqual({ name, changes });
  });
});

describe('size classes', () => {
  test('quantities', () => {
    expect(quantityValue('250m')).toBeCloseTo(0.25);
    expect(quantityValue('1Gi')).toBe(1024 ** 3);
    expect(quantityValue('1G')).toBe(1e9);
    expect(quantityValue(2)).toBe(2);
    expect(quantityValue('lots')).toBeUndefined();
  });
  test('exact classes are exact; others go to the nearest; none is small', () => {
    expect(nearestSize({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } })).toMatchObject({ size: 'medium', exact: true });
    expect(nearestSize({ requests: { cpu: '1000m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } })).toMatchObject({ size: 'medium', exact: false });
    expect(nearestSize({ requests: { cpu: '4', memory: '8Gi' } })).toMatchObject({ size: 'large', exact: false });
    expect(nearestSize({ requests: { cpu: '10m', memory: '32Mi' } })).toMatchObject({ size: 'small', exact: false });
    expect(nearestSize(undefined)).toEqual({ size: 'small', exact: false, found: {} });
  });
});

describe('runtimes from image names', () => {
  test.each([
    ['ghcr.io/shop/catalog-go:2.3.0', 'go'],
    ['python:3.12-slim', 'python'],
    ['eclipse-temurin:21-jre', 'java'],
    ['node:20-alpine', 'node'],
    ['ghcr.io/shop/cart:3.0.1', 'container'],
    ['ghcr.io/x/node-to-python-bridge:1', 'container'], // two runtimes named: not clear
    ['registry:5000/golang-tools@sha256:abc', 'go'],
  ])('%s → %s', (image, runtime) => {
    expect(runtimeOfImage(image).runtime).toBe(runtime);
  });
});

describe('datastores', () => {
  test('by image, scheme and port', () => {
    expect(datastoreOfImage('redis:7.2-alpine')).toBe('Redis');
    expect(datastoreOfImage('bitnami/postgresql:16')).toBe('PostgreSQL');
    expect(datastoreOfImage('confluentinc/cp-kafka:7.6.0')).toBe('Kafka');
    expect(datastoreOfImage('oliver006/redis_exporter:v1')).toBeUndefined();
    expect(datastoreOfImage('ghcr.io/shop/cart:3')).toBeUndefined();
    expect(datastoreOfScheme('amqps')).toBe('RabbitMQ');
    expect(datastoreOfPort(3306)).toBe('MySQL');
  });
});

describe('addresses in env values and arguments', () => {
  const services = new Set(['catalog', 'cart']);
  const isService = (name: string) => services.has(name);
  const hosts = (value: string, env?: string) => addressesIn(value, [], env, isService).map((r) => `${r.inCluster ? 'in' : 'out'} ${r.scheme ?? '-'} ${r.host} ${r.port ?? '-'}`);
  test('in-cluster names, with or without scheme, port and suffix', () => {
    expect(hosts('catalog:50051')).toEqual(['in - catalog 50051']);
    expect(hosts('http://cart.shop.svc.cluster.local/api')).toEqual(['in http cart.shop.svc.cluster.local -']);
    expect(hosts('grpc://inventory.other.svc:9000')).toEqual(['in grpc inventory.other.svc 9000']);
    expect(hosts('--catalog-addr=catalog:50051')).toEqual(['in - catalog 50051']);
  });
  test('a bare word is a host only in a variable named like one', () => {
    expect(hosts('catalog', 'CATALOG_HOST')).toEqual(['in - catalog -']);
    expect(hosts('catalog', 'MODE')).toEqual([]);
  });
  test('outside the cluster only URLs count; plain words and e-mail addresses do not', () => {
    expect(hosts('redis://cache.example.com:6379/0')).toEqual(['out redis cache.example.com 6379']);
    expect(hosts('news@shop.example.com')).toEqual([]);
    expect(hosts('-XX:MaxRAMPercentage=75')).toEqual([]);
    expect(hosts('info')).toEqual([]);
  });
});

describe('README', () => {
  test('the finding-code table lists every code with its impact', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    for (const c of FINDING_CODES) expect(readme).toContain(`| \`${c.code}\` | ${c.impact} |`);
  });
});
