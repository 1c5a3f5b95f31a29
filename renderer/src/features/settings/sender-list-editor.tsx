/** The whitelist editor: paste many addresses at once; invalid entries and duplicates are shown. */
import { useState } from 'react';
import { parseSenders } from './senders';
import { FieldError } from './field-error';

export function SenderListEditor({
  id,
  senders,
  onChange,
  engineError,
}: {
  id: string;
  senders: string[];
  onChange: (next: string[], invalidCount: number) => void;
  engineError: string | null;
}) {
  const [text, setText] = useState(senders.join('\n'));
  const parsed = parseSenders(text);
  const apply = (next: string): void => {
    setText(next);
    const p = parseSenders(next);
    onChange(p.valid, p.invalid.length);
  };
  return (
    <div className="stack" style={{ gap: 4 }}>
      <label className="field">
        <span>Senders (addresses, @domain, or chat ids; paste many at once)</span>
        <textarea
          id={id}
          rows={Math.min(8, Math.max(3, parsed.valid.length + parsed.invalid.length + 1))}
          value={text}
          onChange={(e) => apply(e.target.value)}
          aria-invalid={parsed.invalid.length > 0 || engineError ? true : undefined}
          aria-describedby={`${id}-summary ${id}-err`}
          spellCheck={false}
        />
      </label>
      <div id={`${id}-summary`} className="small row" aria-live="polite">
        <span className="muted">{parsed.valid.length} valid</span>
        {parsed.invalid.length > 0 ? (
          <span className="chips">
            <span className="error">Not an address:</span>
            {parsed.invalid.slice(0, 20).map((s, i) => (
              <span key={`${s}-${i}`} className="chip bad">
                {s}
              </span>
            ))}
          </span>
        ) : null}
        {parsed.duplicates.length > 0 ? (
          <span className="chips">
            <span className="warnText">Duplicates:</span>
            {parsed.duplicates.slice(0, 20).map((s) => (
              <span key={s} className="chip dup">
                {s}
              </span>
            ))}
            <button type="button" className="link" onClick={() => apply(parsed.valid.join('\n'))}>
              Remove duplicates
            </button>
          </span>
        ) : null}
      </div>
      <FieldError id={`${id}-err`} text={engineError} />
    </div>
  );
}
