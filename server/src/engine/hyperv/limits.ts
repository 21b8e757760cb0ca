/** Hyper-V memory limits (domain.md §3.1–3.2). */
import { MB, UNIT_BYTES } from './facts';

/** Minimum RAM must be at least 32 MB [S30][S31]. */
export const MINIMUM_RAM_BYTES = 32 * MB;
/** Hyper-V rejects sizes that are not whole multiples of 2 MB ("Memory values must be properly aligned") [S38]. */
export const ALIGNMENT_BYTES = 2 * MB;
/** Memory buffer, percent [S32][S33]. */
export const BUFFER_RANGE = { min: 5, max: 2000 };
/** PowerShell -Priority [S32]. */
export const PRIORITY_RANGE = { min: 0, max: 100 };
/** WMI / XML weight: Priority x 100 (non-official [S34]). */
export const WEIGHT_RANGE = { min: 0, max: 10000 };

/**
 * The largest memory one VM may have [S39][S41]: 1 TB for Generation 1 and on 2012/2012 R2
 * hosts; 12 TB for Generation 2 on 2016/2019; 240 TB for Generation 2 on 2022/2025. With
 * the host version unknown only the generation's own limit applies (Generation 2: 240 TB),
 * and with the generation unknown too, the largest (240 TB).
 */
export function vmMemoryLimit(generation: number | undefined, hostVersion: string | undefined): { bytes: number; why: string } {
  const TB = UNIT_BYTES.TB;
  const host = normalizeHostVersion(hostVersion);
  if (generation === 1) return { bytes: 1 * TB, why: 'a Generation 1 VM' };
  if (host === '2012' || host === '2012 R2') return { bytes: 1 * TB, why: `a VM on a Windows Server ${host} host` };
  if (generation === 2 && (host === '2016' || host === '2019')) return { bytes: 12 * TB, why: `a Generation 2 VM on a Windows Server ${host} host` };
  if (generation === 2) return { bytes: 240 * TB, why: host ? `a Generation 2 VM on a Windows Server ${host} host` : 'a Generation 2 VM' };
  return { bytes: 240 * TB, why: 'any VM' };
}

/** "2012R2", "Windows Server 2019", "2022" -> "2012 R2", "2019", "2022"; undefined when not recognised. */
export function normalizeHostVersion(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const m = /(2012)\s*(r2)?|(2016|2019|2022|2025)/i.exec(v);
  if (!m) return undefined;
  if (m[1]) return m[2] ? '2012 R2' : '2012';
  return m[3];
}

/**
 * A size for messages: "16 GB", "4.5 GB", "2049 MB", "1331.2 MB", "1.5 TB". GB and TB only
 * when the value is a whole number of quarter units, so a size never prints with float noise
 * (4.499999 GB); bytes as such only when two decimals of MB would hide the difference.
 */
export function showSize(bytes: number): string {
  const b = Math.round(bytes);
  for (const [unit, size] of [['TB', UNIT_BYTES.TB], ['GB', UNIT_BYTES.GB]] as const) {
    if (b >= size && b % (size / 4) === 0) return `${b / size} ${unit}`;
  }
  if (b % MB === 0) return `${b / MB} MB`;
  const mb = String(Number((b / MB).toFixed(2))); // two decimals, without trailing zeros
  return mb.includes('.') ? `${mb} MB` : `${b} bytes`;
}
