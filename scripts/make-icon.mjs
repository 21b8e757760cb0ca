// Draws images/icon.png (128x128, the extension's Marketplace icon) from code, so the art
// can be reviewed and changed as text: a memory module (DIMM) on a dark tile with a
// warning-yellow squiggle under it, memlint's "found a problem in your memory settings".
// Run: node scripts/make-icon.mjs  (the PNG is committed; this script is how it was made)
import { writeFileSync, mkdirSync } from 'fs';
import { deflateSync } from 'zlib';

const SIZE = 128;
const SS = 4; // supersampling per axis, for smooth edges

/** Shapes, painted in order; each `inside(x, y)` works in icon pixels (0..128). */
const shapes = [];
const roundRect = (x0, y0, x1, y1, r, color) =>
  shapes.push({ color, inside: (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  } });
const rect = (x0, y0, x1, y1, color) => roundRect(x0, y0, x1, y1, 0, color);
/** A thick sine wave from x0 to x1 around y. */
const squiggle = (x0, x1, y, amplitude, period, half, color) =>
  shapes.push({ color, inside: (x, y2) => {
    if (x < x0 - half || x > x1 + half) return false;
    // distance to the curve, sampled (the curve is gentle, so this is close enough)
    let best = Infinity;
    for (let t = Math.max(x0, x - 6); t <= Math.min(x1, x + 6); t += 0.25) {
      const cy = y + amplitude * Math.sin(((t - x0) / period) * 2 * Math.PI);
      best = Math.min(best, (t - x) ** 2 + (cy - y2) ** 2);
    }
    return best <= half * half;
  } });

const NAVY = [22, 40, 74];
const GREEN = [46, 160, 98];
const CHIP = [20, 28, 40];
const GOLD = [230, 180, 60];
const YELLOW = [255, 204, 0];

roundRect(0, 0, 127.99, 127.99, 22, NAVY); // tile
roundRect(14, 34, 114, 82, 4, GREEN); // the module's board
for (let i = 0; i < 4; i++) rect(21 + i * 23, 41, 37 + i * 23, 65, CHIP); // memory chips
for (let i = 0; i < 14; i++) rect(18 + i * 6.9, 72, 21.5 + i * 6.9, 82, GOLD); // contacts
rect(61, 70, 67, 82.5, NAVY); // the key notch
squiggle(20, 108, 100, 5, 22, 3.6, YELLOW); // the problem underline

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const px = x + (sx + 0.5) / SS;
        const py = y + (sy + 0.5) / SS;
        let color;
        for (const s of shapes) if (s.inside(px, py)) color = s.color;
        if (color) {
          r += color[0]; g += color[1]; b += color[2]; a += 255;
        }
      }
    }
    const n = SS * SS;
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    // colors are averaged over covered samples only, alpha over all (straight alpha)
    const covered = a / 255;
    raw[o] = covered ? Math.round(r / covered) : 0;
    raw[o + 1] = covered ? Math.round(g / covered) : 0;
    raw[o + 2] = covered ? Math.round(b / covered) : 0;
    raw[o + 3] = Math.round(a / n);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(new URL('../images/', import.meta.url), { recursive: true });
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
