export * from './model';
export * from './adoption';
