/** What the list's codec ignored in the address (a malformed filter, a stale page link), so that nothing is dropped silently. */
export function ListNotices({ notices }: { notices: string[] }) {
  if (!notices.length) return null;
  return (
    <ul
      role="status"
      className="list-inside list-disc rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
    >
      {notices.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}
