export * from './api';
export * from './lifecycle/api';
