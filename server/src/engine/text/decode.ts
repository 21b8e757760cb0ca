/**
 * Bytes -> text, keeping what is needed to write the same bytes back. memlint may only
 * change what a fix says, so a file is decoded losslessly or not written at all:
 * UTF-8 (with or without BOM), UTF-16 LE/BE with BOM (what SSMS and Hyper-V exports
 * write), and anything that is not valid UTF-8 as Latin-1, which maps every byte to one
 * character and back.
 */

export type TextEncodingName = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | 'latin1';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** True when the bytes look binary (NUL bytes in UTF-8/Latin-1 text). */
  binary: boolean;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: decodeUtf16(bytes.subarray(2), true), encoding: 'utf16le', binary: false };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: decodeUtf16(bytes.subarray(2), false), encoding: 'utf16be', binary: false };
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const binary = body.subarray(0, 8192).includes(0);
  try {
    return { text: utf8Fatal.decode(body), encoding: bom ? 'utf8bom' : 'utf8', binary };
  } catch {
    return { text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1'), encoding: 'latin1', binary };
  }
}

function decodeUtf16(body: Uint8Array, littleEndian: boolean): string {
  // An odd trailing byte can't be a UTF-16 unit; it is kept as U+FFFD only for reading
  // (such a file is never written back, see canEncodeLosslessly).
  const units = body.length >> 1;
  const parts: string[] = [];
  const chunk = 8192;
  for (let u = 0; u < units; u += chunk) {
    const n = Math.min(chunk, units - u);
    const codes = new Array<number>(n);
    for (let k = 0; k < n; k++) {
      const i = (u + k) * 2;
      codes[k] = littleEndian ? body[i] | (body[i + 1] << 8) : (body[i] << 8) | body[i + 1];
    }
    parts.push(String.fromCharCode.apply(null, codes));
  }
  if (body.length & 1) parts.push('\ufffd');
  return parts.join('');
}

/** Encodes text back into the file's own encoding (with its BOM). */
export function encodeText(text: string, encoding: TextEncodingName): Uint8Array {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be': {
      const le = Buffer.from(text, 'utf16le');
      for (let i = 0; i + 1 < le.length; i += 2) {
        const t = le[i];
        le[i] = le[i + 1];
        le[i + 1] = t;
      }
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
    }
    case 'latin1':
      return Buffer.from(text, 'latin1');
  }
}

/** True when writing `text` back in `encoding` reproduces the original bytes' meaning exactly. */
export function roundTrips(original: Uint8Array, decoded: DecodedText): boolean {
  const again = encodeText(decoded.text, decoded.encoding);
  return again.length === original.length && Buffer.compare(Buffer.from(again), Buffer.from(original)) === 0;
}
