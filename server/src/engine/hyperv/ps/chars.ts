/**
 * Character classes of the PowerShell tokenizer, as the language defines them: the four
 * dashes, the curly quotes PowerShell accepts as quotes, and the characters that end a
 * bare word in argument mode.
 */

/** `-`, en dash, em dash, horizontal bar: PowerShell takes all four as a dash. */
export function isDash(c: number): boolean {
  return c === 0x2d || c === 0x2013 || c === 0x2014 || c === 0x2015;
}

/** `'` and the single curly quotes. */
export function isSingleQuote(c: number): boolean {
  return c === 0x27 || c === 0x2018 || c === 0x2019 || c === 0x201a || c === 0x201b;
}

/** `"` and the double curly quotes. */
export function isDoubleQuote(c: number): boolean {
  return c === 0x22 || c === 0x201c || c === 0x201d || c === 0x201e;
}

export function isNewline(c: number): boolean {
  return c === 10 || c === 13;
}

/** Blank space inside a line (a byte-order mark counts, as it may start a file). */
export function isBlank(c: number): boolean {
  if (c === 32 || c === 9) return true;
  if (c < 0x0b) return false;
  if (c === 0x0b || c === 0x0c || c === 0xa0 || c === 0x85 || c === 0xfeff) return true;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A letter of a variable name, a member name or a parameter name. */
export function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || (c > 127 && isUnicodeLetter(c));
}

export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c > 127 && isUnicodeLetter(c));
}

const LETTER = /\p{L}|\p{Nd}|\p{Mn}|\p{Mc}|\p{Pc}/u;
function isUnicodeLetter(c: number): boolean {
  if (c >= 0xd800 && c <= 0xdfff) return false;
  return LETTER.test(String.fromCharCode(c));
}

/**
 * Ends a bare word in argument mode (`New-VM SQL01 4GB`): blank space, newline, and
 * `; , | & ( ) { } >`. A quote or `$` inside a word does not end it.
 */
export function endsBareWord(c: number): boolean {
  switch (c) {
    case 59: // ;
    case 44: // ,
    case 124: // |
    case 38: // &
    case 40: // (
    case 41: // )
    case 123: // {
    case 125: // }
    case 62: // >
    case 10:
    case 13:
      return true;
  }
  return isBlank(c);
}
