// Run: node scripts/draw-icons.mjs (writes public/icon/*.png).
// Draws the toolbar icon (a white tag on Kustomer-ish blue) at each size Chrome and Firefox use.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
function chunk(type, data) { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); }
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const S = 4;
  for (let y = 0; y < size; y++) { raw[y * (size * 4 + 1)] = 0; for (let x = 0; x < size; x++) {
    let acc = [0, 0, 0, 0];
    for (let sy = 0; sy < S; sy++) for (let sx = 0; sx < S; sx++) { const p = pixel((x + (sx + 0.5) / S) / size, (y + (sy + 0.5) / S) / size); for (let i = 0; i < 4; i++) acc[i] += p[i] * (i === 3 ? 1 : p[3] / 255); }
    const o = y * (size * 4 + 1) + 1 + x * 4; const a = acc[3] / (S * S);
    for (let i = 0; i < 3; i++) raw[o + i] = a ? Math.round(acc[i] / (S * S) / (a / 255)) : 0; raw[o + 3] = Math.round(a);
  } }
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
function inRoundedSquare(x, y, r) { const dx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0), dy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0); return dx * dx + dy * dy <= r * r; }
function inTag(x, y) {
  // tag pointing up-left, rotated 45 degrees: body square with a pointed end and a hole
  const u = (x - y) / Math.SQRT2, v = (x + y - 1) / Math.SQRT2; // rotate
  const inBody = v > -0.12 && v < 0.34 && Math.abs(u) < 0.19;
  const inPoint = v <= -0.12 && v > -0.31 && Math.abs(u) < 0.19 - (-0.12 - v) * 1.0;
  const hole = (u * u + (v + 0.14) ** 2) < 0.045 ** 2;
  return (inBody || inPoint) && !hole;
}
mkdirSync('public/icon', { recursive: true });
for (const size of [16, 32, 48, 96, 128]) {
  writeFileSync(`public/icon/${size}.png`, png(size, (x, y) => {
    if (!inRoundedSquare(x, y, 0.2)) return [0, 0, 0, 0];
    if (inTag(x, y)) return [255, 255, 255, 255];
    return [31, 95, 209, 255];
  }));
}
