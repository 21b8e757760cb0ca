/** The yaml reader under random and mutated input (see test/fuzz/suite.ts). */
import { readerProperties } from '../fuzz/suite';

describe('property: yaml reader', () => {
  readerProperties('yaml', { lint: 300, fixes: 100 });
});
