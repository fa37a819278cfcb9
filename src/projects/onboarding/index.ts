export * from './steps';
export * from './onboard-service';
export * from './remote';
