/** Fixes that rewrite a VM memory value in the file's own style (2049MB -> 2050MB, bytes stay bytes, XML MB stays MB). */
import { SizeValue, VmFacts, VmFile, formatSize } from '../hyperv/facts';
import type { VmModel } from '../model/model';
import type { FileEdit } from '../types';

export function setSize(vmFile: VmFile, value: SizeValue, bytes: number): FileEdit {
  return { file: vmFile.file, range: value.range, newText: formatSize(bytes, value.style) };
}

/** "VM SQLVM01", or "this VM" when the name can't be known. */
export function vmLabel(vm: VmFacts): string {
  return vm.name !== undefined ? `VM ${vm.name}` : 'this VM';
}

/**
 * Edits that set one field of a VM to `bytes` in every file that sets it (a VM described
 * in a .ps1 and a .vm.yaml must stay consistent, or CFG903 reports the conflict).
 */
export function setVmField(vm: VmModel, field: 'startup' | 'minimum' | 'maximum', bytes: number): FileEdit[] {
  const edits: FileEdit[] = [];
  for (const s of vm.sources) {
    const v = s.facts[field];
    if (v && v.bytes !== bytes) edits.push(setSize(s.vmFile, v, bytes));
  }
  return edits;
}
