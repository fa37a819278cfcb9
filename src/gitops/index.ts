export * from './api';
export * from './lifecycle/api';
export * from './platform/platform-environments';
