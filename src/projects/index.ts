export * from './service';
export * from './workflows';
export * from './preview';
export * from './gitops-project';
