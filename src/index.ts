export * from './contract';
export * from './status';
