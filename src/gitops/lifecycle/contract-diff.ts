import { parseContract } from '../../contract/parse';
import { resolveContract } from '../../contract/resolve';
import { ResolvedWorkload } from '../../contract/resolved';

/** The contract fields a reviewer reads, in the order of the contract reference. */
const FIELDS: ReadonlyArray<keyof ResolvedWorkload> = ['strategy', 'runtime', 'exposure', 'database', 'schedule', 'size'];

function resolved(bytes: Uint8Array | undefined): ResolvedWorkload | undefined {
  if (!bytes) return undefined;
  const parsed = parseContract(bytes, 'zave.yaml');
  return parsed.contract ? resolveContract(parsed.contract) : undefined;
}

/**
 * The contract change field by field, as people say it: `database: none → postgres`. Compares the
 * resolved contracts (platform defaults applied), so a default written out is no change.
 */
export function contractFieldChanges(before: Uint8Array | undefined, after: Uint8Array): string[] {
  const a = resolved(before);
  const b = resolved(after);
  if (!b) return [];
  const show = (v: unknown) => (v === undefined || v === '' ? '(none)' : String(v));
  return FIELDS.filter((f) => show(a?.[f]) !== show(b[f])).map((f) => `${f}: ${show(a?.[f])} → ${show(b[f])}`);
}
