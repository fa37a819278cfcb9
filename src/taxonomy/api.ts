import { RepositoryKind, RepositoryKindSemantics, repositoryKindSemantics, REPOSITORY_KINDS } from './repository-kind';
import { RepositoryRecord, RepositoryVerification, parseRepositoryRecord, readRepositoryRecord, serializeRepositoryRecord, verifyRepository, REPOSITORY_RECORD_PATH } from './repository-record';

/**
 * Entry point of the repository taxonomy: the repository kinds and the `.zave/repository.json`
 * record every generated repository carries.
 *
 * ```ts
 * const v = RepositoryTaxonomy.verify('/src/payments-api');
 * if (v.edited.length > 0) console.log(`hand-edited: ${v.edited.join(', ')}`);
 * ```
 */
export class RepositoryTaxonomy {
  /** Path of the record inside a repository: `.zave/repository.json`. */
  public static readonly RECORD_PATH = REPOSITORY_RECORD_PATH;

  /** Every repository kind, in documentation order. */
  public static kinds(): RepositoryKind[] {
    return [...REPOSITORY_KINDS];
  }

  /** What a repository kind means. */
  public static semantics(kind: RepositoryKind): RepositoryKindSemantics {
    return repositoryKindSemantics(kind);
  }

  /** Reads a repository's record; undefined when the repository has none or it is malformed. */
  public static read(repoDir: string): RepositoryRecord | undefined {
    return readRepositoryRecord(repoDir)?.record;
  }

  /** Parses record text; throws with every problem when it is malformed. */
  public static parse(text: string): RepositoryRecord {
    const { record, problems } = parseRepositoryRecord(text);
    if (!record) throw new Error(`invalid ${REPOSITORY_RECORD_PATH}:\n  ${problems.join('\n  ')}`);
    return record;
  }

  /** The record as written to disk (sorted keys, files sorted by path, trailing newline). */
  public static serialize(record: RepositoryRecord): string {
    return serializeRepositoryRecord(record);
  }

  /** Which generated files of a repository were hand-edited or deleted since generation. */
  public static verify(repoDir: string): RepositoryVerification {
    return verifyRepository(repoDir);
  }

  private constructor() {}
}
