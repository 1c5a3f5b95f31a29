/** A page- or section-level error line; nothing when there is no error. */
export function ErrorNote({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p className="error" role="alert">
      {text}
    </p>
  );
}
