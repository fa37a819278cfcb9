export * from './violation';
export * from './security-policy';
export * from './network-flows';
