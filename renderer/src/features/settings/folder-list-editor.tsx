/**
 * The folders an IMAP account watches: one per line, because a folder name may contain a comma. After
 * a connection test the server's own folders are offered to pick from, so nothing has to be typed.
 */
import { folderKey } from '../../../../electron/shared/accounts/imap';
import { FieldError } from './field-error';

/** The folders in the text: one per line, trimmed, empty lines and repeats left out. */
export function parseFolders(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const folder = line.trim();
    if (!folder || seen.has(folderKey(folder))) continue;
    seen.add(folderKey(folder));
    out.push(folder);
  }
  return out;
}

/** The folders with `folder` added, or taken out if it is there already. */
export function toggleFolder(folders: readonly string[], folder: string): string[] {
  const k = folderKey(folder);
  return folders.some((f) => folderKey(f) === k)
    ? folders.filter((f) => folderKey(f) !== k)
    : [...folders, folder];
}

export function FolderListEditor({
  id,
  text,
  onText,
  serverFolders,
  error,
}: {
  id: string;
  text: string;
  onText: (text: string) => void;
  /** From the last connection test; empty before one. */
  serverFolders: readonly string[];
  error: string | null;
}) {
  const chosen = parseFolders(text);
  const picked = new Set(chosen.map(folderKey));
  return (
    <div className="stack" style={{ gap: 4 }}>
      <label className="field">
        <span>Folders to watch (one per line)</span>
        <textarea
          id={id}
          rows={Math.min(6, Math.max(2, chosen.length + 1))}
          value={text}
          onChange={(e) => onText(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-err`}
          spellCheck={false}
        />
        <FieldError id={`${id}-err`} text={error} />
      </label>
      {serverFolders.length > 0 ? (
        <div className="chips" role="group" aria-label="Folders on the server">
          <span className="muted small">On the server:</span>
          {serverFolders.slice(0, 300).map((folder) => (
            <button
              key={folder}
              type="button"
              className="chip pick"
              aria-pressed={picked.has(folderKey(folder))}
              onClick={() => onText(toggleFolder(chosen, folder).join('\n'))}
            >
              {folder}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
