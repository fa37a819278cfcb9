export * from './contract';
export * from './gitops';
export * from './projects/gitops-project';
