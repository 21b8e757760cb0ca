/** The powershell reader under random and mutated input (see test/fuzz/suite.ts). */
import { readerProperties } from '../fuzz/suite';

describe('property: powershell reader', () => {
  readerProperties('powershell', { lint: 300, fixes: 100 });
});
