export * from './repository-kind';
export * from './repository-record';
export * from './api';
