/** Sizes as memlint.yaml writes them: 512MB, 24GB, 1TB (binary units); a plain number is MB. */
import { MB, UNIT_BYTES } from '../hyperv/facts';

/** Bytes of a size, or undefined when the value is not one. */
export function parseSizeBytes(v: unknown): number | undefined {
  // as the VM spec reader (hyperv/yaml.ts): a size beyond exact integers is no size
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 && Number.isSafeInteger(Math.round(v * MB)) ? Math.round(v * MB) : undefined;
  if (typeof v !== 'string') return undefined;
  // trimmed first: blanks on both sides of an optional part made the regex backtrack quadratically
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp]b)?$/i.exec(v.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'MB').toUpperCase() as keyof typeof UNIT_BYTES;
  const bytes = Math.round(Number(m[1]) * UNIT_BYTES[unit]);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}
