/** The xml reader under random and mutated input (see test/fuzz/suite.ts). */
import { readerProperties } from '../fuzz/suite';

describe('property: xml reader', () => {
  readerProperties('xml', { lint: 300, fixes: 100 });
});
