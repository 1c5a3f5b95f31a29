/** The schemes that may leave the app, and where each opens (for a button: "Open in the mail app"). */
const OPENS_IN: Readonly<Record<string, string>> = {
  'https:': 'the browser',
  'mailto:': 'the mail app',
  'message:': 'the mail app',
  'slack:': 'Slack',
  'msteams:': 'Teams',
};
/** Only these schemes may leave the app; the Electron shell applies the same list to openExternal. */
const ALLOWED: ReadonlySet<string> = new Set(Object.keys(OPENS_IN));

function protocolOf(link: string): string | null {
  try {
    return new URL(link).protocol;
  } catch {
    return null;
  }
}

export function isOpenableLink(link: string): boolean {
  const protocol = protocolOf(link);
  return protocol !== null && ALLOWED.has(protocol);
}

/** Where a link opens, for a button: "Open in the mail app". */
export function openInLabel(link: string): string {
  const where = OPENS_IN[protocolOf(link) ?? ''];
  return where ? `Open in ${where}` : 'Open elsewhere';
}

export function openLink(link: string): boolean {
  if (!isOpenableLink(link)) return false;
  window.open(link, '_blank', 'noopener,noreferrer');
  return true;
}
