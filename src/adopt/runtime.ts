import { imageName } from './datastores';

/** Image-name words that name a runtime clearly. */
const RUNTIME_WORDS: ReadonlyArray<[string, readonly string[]]> = [
  ['node', ['node', 'nodejs']],
  ['python', ['python', 'python3']],
  ['go', ['go', 'golang']],
  ['java', ['java', 'jdk', 'jre', 'openjdk', 'temurin', 'corretto']],
];

/** A runtime read from an image name, and the word that named it. */
export interface RuntimeGuess {
  readonly runtime: string;
  /** The word of the image name that decided it; undefined when none did (runtime container). */
  readonly word?: string;
}

/**
 * The runtime an image name makes clear: one word of the repository name (split at `-`, `_`, `.`)
 * names exactly one runtime (`catalog-go` → go, `python:3.12-slim` → python). Otherwise `container`.
 */
export function runtimeOfImage(image: string): RuntimeGuess {
  const words = imageName(image).split(/[-_.]/);
  const hits = RUNTIME_WORDS.filter(([, names]) => names.some((n) => words.includes(n)));
  if (hits.length !== 1) return { runtime: 'container' };
  const word = words.find((w) => hits[0][1].includes(w));
  return { runtime: hits[0][0], ...(word ? { word } : {}) };
}
