/**
 * Reads the OS's own do-not-disturb where it can be read without native modules.
 *
 * GNOME exposes it as `org.gnome.desktop.notifications show-banners`. macOS Focus and Windows
 * Focus Assist have no readable API from Electron (Mattermost uses native modules for them); there
 * the OS suppresses the banner itself, so 'unknown' means "send and let the OS decide".
 */
export type DndState = 'on' | 'off' | 'unknown';

/** Runs a command and returns its stdout, or null when it fails. */
export type RunCommand = (file: string, args: readonly string[]) => Promise<string | null>;

/** `gsettings get org.gnome.desktop.notifications show-banners` prints "true" or "false". */
export function parseGnomeShowBanners(stdout: string | null): DndState {
  const v = stdout?.trim();
  if (v === 'false') return 'on';
  if (v === 'true') return 'off';
  return 'unknown';
}

export async function readDnd(platform: NodeJS.Platform, run: RunCommand): Promise<DndState> {
  if (platform !== 'linux') return 'unknown';
  return parseGnomeShowBanners(
    await run('gsettings', ['get', 'org.gnome.desktop.notifications', 'show-banners']),
  );
}
