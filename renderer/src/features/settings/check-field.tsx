import type { ReactNode } from 'react';

/** A checkbox with its text, the way settings forms lay them out. */
export function CheckField({
  checked,
  onCheck,
  children,
}: {
  checked: boolean;
  onCheck: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onCheck(e.target.checked)} /> {children}
    </label>
  );
}
