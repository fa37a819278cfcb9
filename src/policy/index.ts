export { PolicyViolation } from './violation';
export * from './security-policy';
export * from './network-flows';
