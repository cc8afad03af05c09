// Says, politely, what a change did to the journey: the new progress ("6 of 21
// done") and a new stage or the journey's end. Silent on the first render; the
// region is in the page from the start so screen readers watch it.
import { useEffect, useRef, useState } from "react";

export function ProgressAnnouncer({
  done,
  total,
  stageName,
  complete,
}: {
  done: number;
  total: number;
  stageName: string;
  complete: boolean;
}) {
  const [message, setMessage] = useState("");
  const last = useRef({ done, stageName, complete });
  useEffect(() => {
    const before = last.current;
    if (before.done === done && before.stageName === stageName && before.complete === complete) return;
    last.current = { done, stageName, complete };
    const stage = complete && !before.complete ? " The journey is complete." : "";
    const moved = !complete && before.stageName !== stageName ? ` Now in stage: ${stageName}.` : "";
    setMessage(`${done} of ${total} done.${moved}${stage}`);
  }, [done, total, stageName, complete]);
  return (
    <p className="sr-only" role="status" aria-live="polite" data-testid="progress-announcement">
      {message}
    </p>
  );
}
