/** Only these schemes may leave the app; the Electron shell applies the same list to openExternal. */
const ALLOWED = new Set(['https:', 'mailto:', 'message:', 'slack:', 'msteams:']);

export function isOpenableLink(link: string): boolean {
  try {
    return ALLOWED.has(new URL(link).protocol);
  } catch {
    return false;
  }
}

export function openLink(link: string): boolean {
  if (!isOpenableLink(link)) return false;
  window.open(link, '_blank', 'noopener,noreferrer');
  return true;
}
