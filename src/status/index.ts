export * from './model';
export * from './fleet-status';
export { StatusThresholds } from './fleet';
