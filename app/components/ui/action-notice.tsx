/** The one-line answer to a form: a green status or a red alert. */
export function ActionNotice({ result }: { result?: { ok: boolean; message: string } }) {
  if (!result) return null;
  return (
    <p
      role={result.ok ? "status" : "alert"}
      className={`mt-4 rounded-md p-3 text-sm ${result.ok ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"}`}
    >
      {result.message}
    </p>
  );
}
