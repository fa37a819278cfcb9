export * from './fleet-page';
