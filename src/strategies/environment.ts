// EnvironmentSpec lives in the contract plane (src/contract/environment-spec.ts) so capabilities can use it
// without importing upward; it stays exported from here for existing importers.
export * from '../contract/environment-spec';
