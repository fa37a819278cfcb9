export * from './zave-service-project-options';
export * from './zave-service-project';
