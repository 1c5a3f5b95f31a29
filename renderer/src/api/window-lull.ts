/**
 * The shape of `window.lull` as the Electron preload exposes it (one method per contract command,
 * plus `on`). The shared definition lives in electron/shared/window-lull.ts so preload and renderer
 * cannot drift; this file only makes it visible on `window`.
 */
import type { WindowLull } from '../../../electron/shared/window-lull';

export type { WindowLull, WireResult } from '../../../electron/shared/window-lull';

declare global {
  interface Window {
    /** Present only inside Electron windows. */
    lull?: WindowLull;
  }
}

/** The preload's API if this page runs inside Electron. */
export function windowLull(): WindowLull | undefined {
  return typeof window === 'undefined' ? undefined : window.lull;
}
