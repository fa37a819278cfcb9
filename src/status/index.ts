export * from './model';
export * from './fleet-status';
export * from './html';
