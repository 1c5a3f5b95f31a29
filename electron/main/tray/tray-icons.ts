/**
 * Which icon file in build/ serves which tray state on which platform. Drawn by scripts/draw-icons.mjs.
 *
 * macOS gets template images (black + alpha; the `Template` suffix makes the OS tint them and pick
 * the @2x file itself), Windows an .ico with several sizes, Linux a 22 px PNG (44 px for 2x).
 */
import type { TrayIconKey } from './tray-model';

export function trayIconFile(key: TrayIconKey, platform: NodeJS.Platform, scale = 1): string {
  switch (platform) {
    case 'darwin':
      return `tray/tray-${key}Template.png`;
    case 'win32':
      return `tray/tray-${key}.ico`;
    default:
      return scale >= 2 ? `tray/tray-${key}@2x.png` : `tray/tray-${key}.png`;
  }
}
