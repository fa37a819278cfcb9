export * from './pull-request-client';
export * from './github-remote';
export * from './github-client';
export * from './instructions-client';
export * from './choose-client';
