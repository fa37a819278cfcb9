export * from './workload-preview';
