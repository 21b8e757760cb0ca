import * as path from 'path';

/** The repository root (tests are compiled to out/test/...). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const DIST = path.join(ROOT, 'dist');
