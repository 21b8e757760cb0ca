/**
 * The fixes that add a missing ALTER RESOURCE GOVERNOR RECONFIGURE (RG105 after the last
 * Resource Governor change, XTP203 before a bind to a pool not yet reconfigured) and what
 * they share: which statements need a RECONFIGURE, and when two of them make the same change.
 */
import type { Statement } from '../tsql/ast';

/** True for statements that change the Resource Governor configuration and need ALTER RESOURCE GOVERNOR RECONFIGURE. */
export function isRgChange(s: Statement): boolean {
  switch (s.kind) {
    case 'createPool':
    case 'alterPool':
    case 'dropPool':
    case 'createGroup':
    case 'alterGroup':
    case 'dropGroup':
      return true;
    case 'alterResourceGovernor':
      return s.action === 'classifier' || s.action === 'maxOutstandingIo';
    default:
      return false;
  }
}

/**
 * The `sameChange` of a fix that adds a RECONFIGURE where `lastChange` is the last Resource
 * Governor change before it. Two such fixes with one key go between the same two changes,
 * so each does what the other does (it reconfigures the same changes, before the same
 * binds): a fix-all round applies one of them and the re-lint says whether another is
 * needed. Fixes after different changes are each needed, and go in together: a script
 * that creates and binds twelve pools in turn gets its twelve RECONFIGUREs in one round,
 * not one round each (fix-all stops after ten).
 */
export function reconfigureChange(lastChange: Statement | undefined): string {
  // statements read from one variable run by several EXECs share a place: then one a round
  return lastChange ? `ALTER RESOURCE GOVERNOR RECONFIGURE after ${lastChange.kind} at ${lastChange.range.start}-${lastChange.range.end}` : 'ALTER RESOURCE GOVERNOR RECONFIGURE';
}
