export * from './contract';
export * from './strategies';
export * from './capabilities';
export * from './policy';
export * from './gitops/lifecycle/api';
