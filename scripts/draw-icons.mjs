// Draws Lull's icons (tray states and app icon) as PNG and ICO files in build/, with no
// dependencies: shapes are signed distance functions, rasterised with 4x4 supersampling and
// encoded with node:zlib. Run: node scripts/draw-icons.mjs [--preview <file.png>]
//
// The mark is a crescent moon ("lull"). Tray states:
//   idle        crescent outline
//   focus       filled crescent
//   focus-held  filled crescent + badge dot (items are being held)
//   paused      pause bars
//   attention   filled crescent + badge with "!" (an account needs attention)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'build');
const trayOut = join(out, 'tray');

/* ---------- PNG and ICO encoding ---------- */

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
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** RGBA (straight alpha) pixels → PNG bytes. */
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** PNG-in-ICO (Windows Vista and later read PNG entries). */
export function encodeIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size;
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4); // planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

/* ---------- shapes (unit square, y down; sdf <= 0 is inside) ---------- */

const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const union =
  (...fs) =>
  (x, y) =>
    Math.min(...fs.map((f) => f(x, y)));
const subtract = (a, b) => (x, y) => Math.max(a(x, y), -b(x, y));
const outline = (f, w) => (x, y) => Math.abs(f(x, y)) - w / 2;
const translate = (f, dx, dy) => (x, y) => f(x - dx, y - dy);

/** The crescent: a disc with a smaller disc bitten out of its upper right. */
function crescent(scale = 1, cx = 0.5, cy = 0.5) {
  const big = circle(cx, cy, 0.4 * scale);
  const bite = circle(cx + 0.2 * scale, cy - 0.15 * scale, 0.32 * scale);
  return subtract(big, bite);
}
const BADGE = { cx: 0.78, cy: 0.24, r: 0.2 };
const badge = circle(BADGE.cx, BADGE.cy, BADGE.r);
const badgeGap = circle(BADGE.cx, BADGE.cy, BADGE.r + 0.09);
const exclamation = union(
  roundRect(BADGE.cx - 0.035, BADGE.cy - 0.13, BADGE.cx + 0.035, BADGE.cy + 0.03, 0.03),
  circle(BADGE.cx, BADGE.cy + 0.095, 0.04),
);
const pauseBars = union(roundRect(0.24, 0.18, 0.42, 0.82, 0.06), roundRect(0.58, 0.18, 0.76, 0.82, 0.06));

/**
 * Layers per tray state. `fg` is the glyph colour, `accent` the badge colour; template images are
 * drawn with black for both, so macOS can tint them.
 */
function trayLayers(state, { fg, held, alert, template }) {
  const moon = crescent(1.1, 0.5, 0.52);
  switch (state) {
    case 'idle':
      return [{ sdf: outline(moon, 0.1), color: fg }];
    case 'focus':
      return [{ sdf: moon, color: fg }];
    case 'focus-held':
      return [
        { sdf: subtract(moon, badgeGap), color: fg },
        { sdf: badge, color: template ? fg : held },
      ];
    case 'paused':
      return [{ sdf: pauseBars, color: fg }];
    case 'attention':
      return [
        { sdf: subtract(moon, badgeGap), color: fg },
        { sdf: badge, color: template ? fg : alert },
        template ? { sdf: exclamation, erase: true } : { sdf: exclamation, color: [255, 255, 255] },
      ];
    default:
      throw new Error(`unknown state ${state}`);
  }
}

/** Rasterises layers into RGBA at `size` px; `pad` keeps the glyph inside the pixel grid. */
function render(size, layers, pad = 0.04) {
  const rgba = Buffer.alloc(size * size * 4);
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0; // premultiplied
      for (const layer of layers) {
        let cov = 0;
        for (let sy = 0; sy < S; sy++) {
          for (let sx = 0; sx < S; sx++) {
            const u = (px + (sx + 0.5) / S) / size;
            const v = (py + (sy + 0.5) / S) / size;
            const x = (u - pad) / (1 - 2 * pad);
            const y = (v - pad) / (1 - 2 * pad);
            if (layer.sdf(x, y) <= 0) cov++;
          }
        }
        cov /= S * S;
        if (cov === 0) continue;
        if (layer.erase) {
          r *= 1 - cov;
          g *= 1 - cov;
          b *= 1 - cov;
          a *= 1 - cov;
        } else {
          const [cr, cg, cb, ca = 1] = layer.color.length === 4 ? layer.color : [...layer.color, 1];
          const sa = cov * ca;
          r = cr * sa + r * (1 - sa);
          g = cg * sa + g * (1 - sa);
          b = cb * sa + b * (1 - sa);
          a = sa + a * (1 - sa);
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
      }
      rgba[i + 3] = Math.round(a * 255);
    }
  }
  return rgba;
}

function png(size, layers, pad) {
  return encodePng(size, size, render(size, layers, pad));
}

/* ---------- app icon ---------- */

function appIconLayers() {
  // A rounded square in deep indigo, the crescent in warm white, two small stars.
  const bg = roundRect(0.02, 0.02, 0.98, 0.98, 0.22);
  const moon = translate(crescent(0.72), -0.04, 0.04);
  const star = circle(0.73, 0.3, 0.045);
  return [
    { sdf: bg, color: [41, 44, 92] },
    { sdf: moon, color: [250, 241, 222] },
    { sdf: star, color: [250, 241, 222] },
    { sdf: circle(0.82, 0.5, 0.025), color: [250, 241, 222, 0.7] },
  ];
}

/* ---------- output ---------- */

const STATES = ['idle', 'focus', 'focus-held', 'paused', 'attention'];
const LIGHT = { fg: [242, 242, 242], held: [245, 165, 36], alert: [229, 72, 77], template: false };
const TEMPLATE = { fg: [0, 0, 0], held: [0, 0, 0], alert: [0, 0, 0], template: true };

function main() {
  mkdirSync(trayOut, { recursive: true });
  const written = [];
  const write = (path, bytes) => {
    writeFileSync(path, bytes);
    written.push(path.slice(root.length + 1));
  };
  for (const state of STATES) {
    // Linux: 22 px panel icons and a 2x for HiDPI panels.
    write(join(trayOut, `tray-${state}.png`), png(22, trayLayers(state, LIGHT)));
    write(join(trayOut, `tray-${state}@2x.png`), png(44, trayLayers(state, LIGHT)));
    // macOS: template images (black + alpha), 18 pt menu bar glyphs.
    write(join(trayOut, `tray-${state}Template.png`), png(18, trayLayers(state, TEMPLATE)));
    write(join(trayOut, `tray-${state}Template@2x.png`), png(36, trayLayers(state, TEMPLATE)));
    // Windows: notification-area sizes for 100-200 % scaling.
    write(
      join(trayOut, `tray-${state}.ico`),
      encodeIco([16, 20, 24, 32, 40, 48].map((size) => ({ size, png: png(size, trayLayers(state, LIGHT)) }))),
    );
  }
  write(join(out, 'icon.png'), png(512, appIconLayers(), 0));
  write(
    join(out, 'icon.ico'),
    encodeIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: png(size, appIconLayers(), 0) }))),
  );
  // Linux desktop icon set for the deb/AppImage (electron-builder reads build/icons/<size>x<size>.png).
  mkdirSync(join(out, 'icons'), { recursive: true });
  for (const size of [16, 32, 48, 64, 128, 256, 512]) {
    write(join(out, 'icons', `${size}x${size}.png`), png(size, appIconLayers(), 0));
  }
  return written;
}

/** A contact sheet of every tray state at 1x/2x (on dark and light) for a human to look at. */
function preview(file) {
  const cell = 64;
  const cols = STATES.length;
  const rowsSpec = [
    { bg: [40, 40, 40], style: LIGHT, size: 22 },
    { bg: [40, 40, 40], style: LIGHT, size: 44 },
    { bg: [236, 236, 236], style: TEMPLATE, size: 18 },
    { bg: [236, 236, 236], style: TEMPLATE, size: 36 },
  ];
  const W = cell * cols;
  const H = cell * rowsSpec.length + 256;
  const sheet = Buffer.alloc(W * H * 4);
  rowsSpec.forEach((row, ri) => {
    STATES.forEach((state, ci) => {
      const rgba = render(row.size, trayLayers(state, row.style));
      for (let y = 0; y < cell; y++) {
        for (let x = 0; x < cell; x++) {
          const o = ((ri * cell + y) * W + ci * cell + x) * 4;
          let [r, g, b] = row.bg;
          const ix = x - Math.floor((cell - row.size) / 2);
          const iy = y - Math.floor((cell - row.size) / 2);
          if (ix >= 0 && iy >= 0 && ix < row.size && iy < row.size) {
            const i = (iy * row.size + ix) * 4;
            const a = rgba[i + 3] / 255;
            r = rgba[i] * a + r * (1 - a);
            g = rgba[i + 1] * a + g * (1 - a);
            b = rgba[i + 2] * a + b * (1 - a);
          }
          sheet[o] = r;
          sheet[o + 1] = g;
          sheet[o + 2] = b;
          sheet[o + 3] = 255;
        }
      }
    });
  });
  const app = render(256, appIconLayers(), 0);
  for (let y = 0; y < 256; y++) {
    for (let x = 0; x < 256; x++) {
      const i = (y * 256 + x) * 4;
      const o = ((rowsSpec.length * cell + y) * W + x) * 4;
      const a = app[i + 3] / 255;
      sheet[o] = app[i] * a + 255 * (1 - a);
      sheet[o + 1] = app[i + 1] * a + 255 * (1 - a);
      sheet[o + 2] = app[i + 2] * a + 255 * (1 - a);
      sheet[o + 3] = 255;
    }
  }
  writeFileSync(file, encodePng(W, H, sheet));
}

const args = process.argv.slice(2);
const previewAt = args.indexOf('--preview');
if (previewAt >= 0) {
  preview(resolve(args[previewAt + 1] ?? '.tmp/icons-preview.png'));
} else {
  const written = main();
  process.stdout.write(`drew ${written.length} icon files in build/\n`);
}
