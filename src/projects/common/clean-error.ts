/**
 * Input errors of a project type (a missing --service, an invalid contract) as people read them:
 * under `projen new` (PROJEN_CREATE_PROJECT) the message is printed without a stack trace and the
 * process exits 1; a library caller (zave init, tests) gets the error thrown as usual.
 */
export function failCleanly(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  if (process.env.PROJEN_CREATE_PROJECT === 'true') {
    process.stderr.write(`error: ${message}\n`);
    process.exit(1);
  }
  throw error;
}

/** The tail of a generated `.projenrc.js`: synthesize, printing an input error without a stack trace. */
export function projenrcSynth(construct: string): string {
  return `try {
  ${construct}.synth();
} catch (e) {
  console.error(\`error: \${e.message}\`);
  process.exit(1);
}
`;
}
