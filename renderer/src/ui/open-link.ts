/** Only these schemes may leave the app; the Electron shell applies the same list to openExternal. */
const ALLOWED = new Set(['https:', 'mailto:', 'message:', 'slack:', 'msteams:']);

export function isOpenableLink(link: string): boolean {
  try {
    return ALLOWED.has(new URL(link).protocol);
  } catch {
    return false;
  }
}

const OPENS_IN: Record<string, string> = {
  'message:': 'the mail app',
  'https:': 'the browser',
  'mailto:': 'the mail app',
  'slack:': 'Slack',
  'msteams:': 'Teams',
};

/** Where a link opens, for a button: "Open in the mail app". */
export function openInLabel(link: string): string {
  try {
    const where = OPENS_IN[new URL(link).protocol];
    return where ? `Open in ${where}` : 'Open elsewhere';
  } catch {
    return 'Open elsewhere';
  }
}

export function openLink(link: string): boolean {
  if (!isOpenableLink(link)) return false;
  window.open(link, '_blank', 'noopener,noreferrer');
  return true;
}
