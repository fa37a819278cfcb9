export * from './onboard-service';
