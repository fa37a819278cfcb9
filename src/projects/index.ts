export * from './service';
export * from './workflows';
export * from './preview';
