export * from './zave-platform-workflows-project-options';
export * from './zave-platform-workflows-project';
