/**
 * PowerShell numeric literals (about_Numeric_Literals): decimal, `0x` hex and `0b`
 * binary integers, reals with a fraction or an exponent, an optional type suffix
 * (`l`, `u`, `ul`, `y`, `uy`, `s`, `us`, `n`, `d`) and an optional multiplier `kb`, `mb`,
 * `gb`, `tb`, `pb` in any letter case, always binary (1024^n). The same syntax converts a
 * string to a number (`'4GB'` bound to an Int64 parameter is 4294967296).
 */
import { SizeStyle, SizeUnit, UNIT_BYTES } from '../facts';
import { isDash, isDigit, isIdentChar } from './chars';

export interface NumberLiteral {
  value: number;
  /** How the literal is written (without quotes). */
  style: SizeStyle;
}

/**
 * The length of the type suffix at `i` (0 when none): `ul`, `uy`, `us`, `u`, `y`, `s`,
 * `l`, `n` after an integer, `d` or `l` after a real, followed by a multiplier or the end
 * of the word.
 */
function typeSuffixAt(t: string, i: number, end: number, real: boolean): number {
  if (i >= end) return 0;
  const a = t.charCodeAt(i) | 32;
  const b = i + 1 < end ? t.charCodeAt(i + 1) | 32 : 0;
  let len = 0;
  if (real) len = a === 100 || a === 108 ? 1 : 0;
  else if (a === 117) len = b === 108 || b === 121 || b === 115 ? 2 : 1;
  else if (a === 121 || a === 115 || a === 108 || a === 110 || a === 100) len = 1;
  if (len === 0) return 0;
  const after = i + len;
  if (after < end && isIdentChar(t.charCodeAt(after)) && !multiplierAt(t, after)) {
    // `1ub`? then try the one-letter `u`, else no suffix
    if (len === 2 && !(i + 1 < end && isIdentChar(t.charCodeAt(i + 1)) && !multiplierAt(t, i + 1))) return 1;
    return 0;
  }
  return len;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** The multiplier at `i` (two letters), or undefined. */
function multiplierAt(t: string, i: number): SizeUnit | undefined {
  if (i + 1 >= t.length || (t.charCodeAt(i + 1) | 32) !== 98) return undefined; // b
  switch (t.charCodeAt(i) | 32) {
    case 107:
      return 'KB';
    case 109:
      return 'MB';
    case 103:
      return 'GB';
    case 116:
      return 'TB';
    case 112:
      return 'PB';
  }
  return undefined;
}

/**
 * Scans the numeric literal starting at `i` (a digit, or `.` before a digit) and returns
 * where it ends and its value, or undefined when the text there is not a number that ends
 * before a letter (`4abc` is not a number, it is a word).
 */
export function scanNumber(t: string, i: number, end = t.length): { end: number; lit: NumberLiteral } | undefined {
  const start = i;
  let value: number;
  let plainInteger = true;
  let real = false;
  const c0 = t.charCodeAt(i);
  const c1 = i + 1 < end ? t.charCodeAt(i + 1) | 32 : 0;
  if (c0 === 48 && (c1 === 120 || c1 === 98) && i + 2 < end && (c1 === 120 ? isHex(t.charCodeAt(i + 2)) : (t.charCodeAt(i + 2) === 48 || t.charCodeAt(i + 2) === 49))) {
    // 0x... or 0b...
    i += 2;
    const ds = i;
    if (c1 === 120) while (i < end && isHex(t.charCodeAt(i))) i++;
    else while (i < end && (t.charCodeAt(i) === 48 || t.charCodeAt(i) === 49)) i++;
    const digits = t.slice(ds, i);
    value = digits.length > 40 ? Infinity : parseInt(digits, c1 === 120 ? 16 : 2);
    plainInteger = false;
  } else {
    const ds = i;
    let exponentDash = false;
    while (i < end && isDigit(t.charCodeAt(i))) i++;
    let intDigits = i - ds;
    if (i < end && t.charCodeAt(i) === 46 && i + 1 < end && isDigit(t.charCodeAt(i + 1))) {
      i++;
      while (i < end && isDigit(t.charCodeAt(i))) i++;
      real = true;
      intDigits = 1;
    } else if (i < end && t.charCodeAt(i) === 46 && intDigits > 0 && !(i + 1 < end && t.charCodeAt(i + 1) === 46) && !(i + 1 < end && isIdentChar(t.charCodeAt(i + 1)) && (t.charCodeAt(i + 1) | 32) !== 101)) {
      // "1." is a real; "1..5" is a range and "1.GetType" is not our business
      i++;
      real = true;
    }
    if (intDigits === 0) return undefined;
    if (i < end && (t.charCodeAt(i) | 32) === 101) {
      let j = i + 1;
      if (j < end && (t.charCodeAt(j) === 43 || isDash(t.charCodeAt(j)))) {
        exponentDash = t.charCodeAt(j) > 127;
        j++;
      }
      if (j < end && isDigit(t.charCodeAt(j))) {
        while (j < end && isDigit(t.charCodeAt(j))) j++;
        i = j;
        real = true;
      }
    }
    const digits = t.slice(ds, i);
    value = Number(exponentDash ? digits.replace(/[\u2013\u2014\u2015]/g, '-') : digits);
    if (real) plainInteger = false;
  }
  // type suffix, then multiplier (`100Lgb` is valid, `100gbL` is not)
  const suffix = typeSuffixAt(t, i, end, real);
  if (suffix > 0) i += suffix;
  let style: SizeStyle = plainInteger ? { kind: 'bytes' } : { kind: 'expression' };
  const unit = i < end ? multiplierAt(t, i) : undefined;
  if (unit) {
    style = { kind: 'suffix', unit, unitText: t.slice(i, i + 2) };
    value *= UNIT_BYTES[unit];
    i += 2;
  }
  if (i < end && isIdentChar(t.charCodeAt(i))) return undefined;
  if (i === start || !Number.isFinite(value)) return undefined;
  return { end: i, lit: { value, style } };
}

/**
 * The number a whole string converts to, the way PowerShell converts `'4GB'` or `' 512 '`
 * for a numeric parameter; undefined when it does not.
 */
export function parseNumberText(s: string): NumberLiteral | undefined {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  let sign = 1;
  if (a < b && (s.charCodeAt(a) === 43 || isDash(s.charCodeAt(a)))) {
    if (s.charCodeAt(a) !== 43) sign = -1;
    a++;
  }
  if (a >= b) return undefined;
  const c = s.charCodeAt(a);
  if (!isDigit(c) && !(c === 46 && a + 1 < b && isDigit(s.charCodeAt(a + 1)))) return undefined;
  const r = scanNumber(s, a, b);
  if (!r || r.end !== b) return undefined;
  return { value: sign * r.lit.value, style: r.lit.style };
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x85 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
