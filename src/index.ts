export * from './contract';
export * from './projects';
export * from './taxonomy';
