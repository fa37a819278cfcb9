export * from './enums';
export * from './contract';
export * from './issue';
export * from './resolved';
export * from './parse';
export * from './resolve';
export * from './api';
