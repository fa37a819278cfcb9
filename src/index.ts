export * from './contract';
export * from './strategies';
export * from './capabilities';
export * from './policy';
export * from './gitops';
export * from './projects';
export * from './taxonomy';
export * from './status';
