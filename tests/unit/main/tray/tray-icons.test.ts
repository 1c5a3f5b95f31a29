import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { trayIconFile } from '../../../../electron/main/tray/tray-icons';
import { TRAY_ICON_KEYS } from '../../../../electron/main/tray/tray-model';

const buildDir = resolve(import.meta.dirname, '../../../../build');

/** Decodes the PNGs scripts/draw-icons.mjs writes (8-bit RGBA, filter 0). */
function readPng(file: string): { width: number; height: number; rgba: Buffer } {
  const buf = readFileSync(file);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let off = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('ascii', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]);
    }
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  return { width, height, rgba };
}

describe('tray icons in build/', () => {
  it.each(TRAY_ICON_KEYS)('%s exists for every platform', (key) => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(existsSync(join(buildDir, trayIconFile(key, platform))), `${platform} ${key}`).toBe(true);
    }
    expect(existsSync(join(buildDir, trayIconFile(key, 'linux', 2)))).toBe(true);
    expect(existsSync(join(buildDir, `tray/tray-${key}Template@2x.png`))).toBe(true);
  });

  it('Linux PNGs are 22 px and 44 px', () => {
    expect(readPng(join(buildDir, 'tray/tray-focus.png'))).toMatchObject({ width: 22, height: 22 });
    expect(readPng(join(buildDir, 'tray/tray-focus@2x.png'))).toMatchObject({ width: 44, height: 44 });
  });

  it.each(TRAY_ICON_KEYS)('macOS %s template is black + alpha and not empty', (key) => {
    for (const suffix of ['Template.png', 'Template@2x.png']) {
      const { rgba } = readPng(join(buildDir, `tray/tray-${key}${suffix}`));
      let opaque = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        if (rgba[i + 3]! > 0) {
          expect([rgba[i], rgba[i + 1], rgba[i + 2]]).toEqual([0, 0, 0]);
          opaque++;
        }
      }
      expect(opaque).toBeGreaterThan(20);
    }
  });

  it('each state looks different', () => {
    const pixels = TRAY_ICON_KEYS.map((k) =>
      readPng(join(buildDir, `tray/tray-${k}@2x.png`)).rgba.toString('base64'),
    );
    expect(new Set(pixels).size).toBe(TRAY_ICON_KEYS.length);
  });

  it('Windows .ico files hold PNG images at tray sizes', () => {
    const ico = readFileSync(join(buildDir, 'tray/tray-attention.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + 16 * i]);
    expect(sizes).toEqual([16, 20, 24, 32, 40, 48]);
    const firstOffset = ico.readUInt32LE(6 + 12);
    expect(ico.subarray(firstOffset + 1, firstOffset + 4).toString('ascii')).toBe('PNG');
  });

  it('the app icon is 512 px with a 256 px entry in icon.ico', () => {
    expect(readPng(join(buildDir, 'icon.png'))).toMatchObject({ width: 512, height: 512 });
    const ico = readFileSync(join(buildDir, 'icon.ico'));
    const count = ico.readUInt16LE(4);
    expect(ico[6 + 16 * (count - 1)]).toBe(0); // 0 means 256
  });
});
