import type { ReactNode } from 'react';

export interface SaveRowProps {
  onSave: () => void;
  saved: boolean;
  label?: string;
  disabled?: boolean;
  testId?: string;
  /** Buttons that sit next to Save, such as Revert. */
  children?: ReactNode;
}

/** The primary Save button of a settings tab, with its "Saved" note. */
export function SaveRow({ onSave, saved, label = 'Save', disabled, testId, children }: SaveRowProps) {
  return (
    <div className="row">
      <button type="button" className="primary" disabled={disabled} onClick={onSave} data-testid={testId}>
        {label}
      </button>
      {children}
      {saved ? (
        <span className="okText" role="status">
          Saved
        </span>
      ) : null}
    </div>
  );
}
