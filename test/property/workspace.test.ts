/** Several files of every kind linted together, mutated (see test/fuzz/suite.ts). */
import { workspaceProperties } from '../fuzz/suite';

describe('property: workspaces (cross-file)', () => {
  workspaceProperties(60);
});
