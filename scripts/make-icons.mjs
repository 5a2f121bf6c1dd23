// Writes the PWA icons (public/icons/*.png) with nothing but node:zlib:
// a red rounded square with a white "service window" glyph (a framed window with a counter).
// Run: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(size, rgbaAt) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = rgbaAt(x, y);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const RED = [184, 38, 29];
const WHITE = [255, 255, 255];

function inRoundedRect(u, v, x0, y0, x1, y1, r) {
  if (u < x0 || u > x1 || v < y0 || v > y1) return false;
  const cx = Math.min(Math.max(u, x0 + r), x1 - r);
  const cy = Math.min(Math.max(v, y0 + r), y1 - r);
  return (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
}

/** The glyph in unit coordinates (0..1): a window frame, its cross bars and a counter below. */
function inGlyph(u, v) {
  const frameOuter = inRoundedRect(u, v, 0.22, 0.18, 0.78, 0.66, 0.04);
  const frameInner = inRoundedRect(u, v, 0.28, 0.24, 0.72, 0.6, 0.02);
  const frame = frameOuter && !frameInner;
  const bars =
    (Math.abs(u - 0.5) < 0.025 && v > 0.24 && v < 0.6) || (Math.abs(v - 0.42) < 0.025 && u > 0.28 && u < 0.72);
  const counter = inRoundedRect(u, v, 0.14, 0.72, 0.86, 0.8, 0.03);
  return frame || bars || counter;
}

function icon(size, { maskable }) {
  const SS = 4; // supersampling for smooth edges
  return png(size, (x, y) => {
    let bg = 0;
    let fg = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const u = (x + (sx + 0.5) / SS) / size;
        const v = (y + (sy + 0.5) / SS) / size;
        const inBg = maskable ? true : inRoundedRect(u, v, 0.02, 0.02, 0.98, 0.98, 0.2);
        if (!inBg) continue;
        bg++;
        // Maskable icons keep the glyph inside the 80% safe zone.
        const gu = maskable ? 0.5 + (u - 0.5) / 0.72 : u;
        const gv = maskable ? 0.5 + (v - 0.5) / 0.72 : v;
        if (inGlyph(gu, gv)) fg++;
      }
    }
    const n = SS * SS;
    if (bg === 0) return [0, 0, 0, 0];
    const t = fg / bg;
    const rgb = RED.map((c, i) => Math.round(c * (1 - t) + WHITE[i] * t));
    return [...rgb, Math.round((255 * bg) / n)];
  });
}

const outDir = new URL('../public/icons/', import.meta.url);
mkdirSync(outDir, { recursive: true });
writeFileSync(new URL('icon-192.png', outDir), icon(192, { maskable: false }));
writeFileSync(new URL('icon-512.png', outDir), icon(512, { maskable: false }));
writeFileSync(new URL('maskable-512.png', outDir), icon(512, { maskable: true }));
console.log('icons written to public/icons/');
