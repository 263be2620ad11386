// Draws Tapedeck's icons (a record button: a dark ring around an orange dot) at every size the
// packagers and trays want, anti-aliased by supersampling, and writes them as PNG with Node's zlib only
// (no image library is installed here, and the shapes are two circles and a bar). Run after changing
// the design: `node scripts/make-icons.mjs`; the outputs are committed.
//   resources/icons/<n>x<n>.png      app icon set (Linux; electron-builder makes .ico/.icns from 512/1024)
//   resources/tray/<state>[@2x].png  colour tray icons (Linux, Windows), 22 px and 44 px
//   resources/tray/<state>Template[@2x].png  macOS menu bar template images (black + alpha), 16 and 32 px
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INK = [0x23, 0x23, 0x23];
const RED = [0xd9, 0x4c, 0x10];
const AMBER = [0xf2, 0xa9, 0x00];
const GREY = [0x8a, 0x8a, 0x8a];

/** Shapes in a unit square (0..1); the last one that covers a point gives its colour. */
const ring = (r1, r2, rgb) => ({ rgb, hit: (x, y) => inDisc(x, y, r2) && !inDisc(x, y, r1) });
const disc = (r, rgb) => ({ rgb, hit: (x, y) => inDisc(x, y, r) });
const rect = (x0, y0, x1, y1, rgb) => ({ rgb, hit: (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1 });
const inDisc = (x, y, r) => (x - 0.5) ** 2 + (y - 0.5) ** 2 <= r * r;
/** "!" in the middle of the ring. */
const bang = (rgb) => [rect(0.44, 0.22, 0.56, 0.6, rgb), rect(0.44, 0.68, 0.56, 0.79, rgb)];

const DESIGNS = {
  app: [disc(0.46, INK), disc(0.32, RED)],
  idle: [ring(0.3, 0.46, GREY)],
  recording: [ring(0.36, 0.48, INK), disc(0.3, RED)],
  problem: [ring(0.36, 0.48, INK), disc(0.34, AMBER), ...bang(INK)],
};
const TEMPLATES = {
  idle: [ring(0.3, 0.46, [0, 0, 0])],
  recording: [ring(0.38, 0.48, [0, 0, 0]), disc(0.28, [0, 0, 0])],
  problem: [ring(0.38, 0.48, [0, 0, 0]), ...bang([0, 0, 0])],
};

function render(shapes, size, samples = 4) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          const shape = shapes.findLast((s) => s.hit(x, y));
          if (!shape) continue;
          for (let c = 0; c < 3; c++) sum[c] += shape.rgb[c];
          sum[3]++;
        }
      }
      const at = (py * size + px) * 4;
      const n = sum[3];
      // Colour averaged over the covered samples (straight alpha), coverage as alpha.
      for (let c = 0; c < 3; c++) rgba[at + c] = n ? Math.round(sum[c] / n) : 0;
      rgba[at + 3] = Math.round((255 * n) / (samples * samples));
    }
  }
  return rgba;
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
function png(rgba, size) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function write(file, shapes, size) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, png(render(shapes, size), size));
}

for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
  write(path.join(ROOT, 'resources/icons', `${size}x${size}.png`), DESIGNS.app, size);
}
for (const state of ['idle', 'recording', 'problem']) {
  write(path.join(ROOT, 'resources/tray', `${state}.png`), DESIGNS[state], 22);
  write(path.join(ROOT, 'resources/tray', `${state}@2x.png`), DESIGNS[state], 44);
  write(path.join(ROOT, 'resources/tray', `${state}Template.png`), TEMPLATES[state], 16);
  write(path.join(ROOT, 'resources/tray', `${state}Template@2x.png`), TEMPLATES[state], 32);
}
