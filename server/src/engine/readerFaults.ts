/**
 * Readers never let an exception out (a lint must not stop on one file); a reader that
 * does catch one at its boundary counts it here, so the property tests and the fuzzer
 * (test/property, `npm run fuzz`) see a reader bug that the user would not.
 */
export const readerFaults: { count: number; last?: unknown } = { count: 0 };

export function noteReaderFault(e: unknown): void {
  readerFaults.count++;
  readerFaults.last = e;
}
