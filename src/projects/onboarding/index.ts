export * from './steps';
export * from './onboard-service';
