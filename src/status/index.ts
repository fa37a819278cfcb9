export * from './model';
export * from './fleet-status';
