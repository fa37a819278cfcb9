export * from './contract';
export * from './gitops/lifecycle/api';
