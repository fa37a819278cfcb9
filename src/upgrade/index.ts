export * from './registered-repositories';
export * from './upgrade-tenant';
export * from './upgrade-fleet';
