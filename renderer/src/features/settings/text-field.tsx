import type { InputHTMLAttributes, ReactNode } from 'react';
import { FieldError } from './field-error';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'style'>;

export interface TextFieldProps extends InputProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  /** Id of the inline error; the input points at it with aria-describedby. */
  errorId: string;
  error?: string | null;
  maxWidth?: number;
  /** Extra content after the input, such as a datalist. */
  children?: ReactNode;
}

/** A labelled input with its inline error: the field row every settings form uses. */
export function TextField({
  label,
  value,
  onValue,
  errorId,
  error = null,
  maxWidth,
  children,
  type = 'text',
  ...rest
}: TextFieldProps) {
  return (
    <label className="field" style={maxWidth === undefined ? undefined : { maxWidth }}>
      <span>{label}</span>
      <input
        type={type}
        value={value}
        onChange={(e) => onValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={errorId}
        {...rest}
      />
      {children}
      <FieldError id={errorId} text={error} />
    </label>
  );
}
