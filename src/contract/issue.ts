// The issue type is shared by every input reader, so it lives in the lowest layer (src/common/issue.ts);
// it stays exported from here, the contract plane's public face, for existing importers.
export * from '../common/issue';
