// Says, politely, what a change did to the journey: the new progress ("6 of 21
// done") and a new stage or the journey's end, or, on the customer's page, what
// the finished stage achieved and what comes next. Silent on the first render;
// the region is in the page from the start so screen readers watch it.
import { useEffect, useRef, useState } from "react";

export function ProgressAnnouncer({
  done,
  total,
  stageName,
  complete,
  stageNotice = null,
}: {
  done: number;
  total: number;
  stageName: string;
  complete: boolean;
  /** Said instead of "Now in stage: …" when the page has it (the same words it shows). */
  stageNotice?: string | null;
}) {
  const [message, setMessage] = useState("");
  const last = useRef({ done, stageName, complete, stageNotice });
  useEffect(() => {
    const before = last.current;
    last.current = { done, stageName, complete, stageNotice };
    // A notice put away (dismissed) says nothing; a new one is said with the progress.
    if (stageNotice && stageNotice !== before.stageNotice) {
      setMessage(`${done} of ${total} done. ${stageNotice}`);
      return;
    }
    if (before.done === done && before.stageName === stageName && before.complete === complete) return;
    const stage = complete && !before.complete ? " The journey is complete." : "";
    const moved = !complete && before.stageName !== stageName ? ` Now in stage: ${stageName}.` : "";
    setMessage(`${done} of ${total} done.${moved}${stage}`);
  }, [done, total, stageName, complete, stageNotice]);
  return (
    <p className="sr-only" role="status" aria-live="polite" data-testid="progress-announcement">
      {message}
    </p>
  );
}
