export * from './git';
