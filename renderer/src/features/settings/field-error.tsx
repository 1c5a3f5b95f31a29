/** An inline field error with an id, so inputs can point at it with aria-describedby. */
export function FieldError({ id, text }: { id: string; text: string | null }) {
  if (!text) return null;
  return (
    <span id={id} className="error" role="alert">
      {text}
    </span>
  );
}

export function FormProblems({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="error" role="alert">
      {problems.map((p) => (
        <div key={p}>{p}</div>
      ))}
    </div>
  );
}
