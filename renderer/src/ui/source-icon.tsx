import type { StoredItemT } from '../api/types';

const LABEL: Record<StoredItemT['source'], { letter: string; name: string }> = {
  imap: { letter: '@', name: 'Email' },
  slack: { letter: 'S', name: 'Slack' },
  teams: { letter: 'T', name: 'Teams' },
  webhook: { letter: 'W', name: 'Webhook' },
  demo: { letter: 'D', name: 'Demo' },
};

export function sourceName(source: StoredItemT['source']): string {
  return LABEL[source].name;
}

export function SourceIcon({ source }: { source: StoredItemT['source'] }) {
  const l = LABEL[source];
  return (
    <span className={`srcIcon src-${source}`} role="img" aria-label={l.name} title={l.name}>
      {l.letter}
    </span>
  );
}
