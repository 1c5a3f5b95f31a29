/** What a page shows before its data is there: its title and a line of text. */
export function PagePlaceholder({ title, text }: { title: string; text: string }) {
  return (
    <div className="page">
      <h1>{title}</h1>
      <p className="muted">{text}</p>
    </div>
  );
}
