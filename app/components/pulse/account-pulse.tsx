// "How they feel" on the account page: the customers' latest survey answers, a low one
// (a stage 2 or less out of 5, an NPS of 6 or less) marked so the CSM sees it first.
import type { AccountPulseAnswer } from "~/modules/pulse/list-account-pulse.server";
import { FEELING_LABELS } from "~/modules/pulse/pulse-rules";
import { formatDateTime } from "~/utils/dates";

export function AccountPulse({ answers, timezone }: { answers: AccountPulseAnswer[]; timezone: string }) {
  const low = answers.filter((a) => a.low).length;
  return (
    <section
      id="pulse"
      aria-labelledby="pulse-heading"
      className="mt-6 rounded-xl border border-slate-200 bg-white p-5"
    >
      <h2 id="pulse-heading" className="text-lg font-semibold">
        How they feel
      </h2>
      {answers.length === 0 ? (
        <p className="mt-2 text-sm text-slate-700">No survey answers yet. Contacts are asked after each stage.</p>
      ) : (
        <>
          {low > 0 ? (
            <p className="mt-2 text-sm font-medium text-red-800">
              {low === 1 ? "1 low answer needs a follow-up." : `${low} low answers need a follow-up.`}
            </p>
          ) : null}
          <ul className="mt-3 space-y-2">
            {answers.map((a) => (
              <li
                key={a.id}
                className={`rounded-md border p-3 text-sm ${a.low ? "border-red-300 bg-red-50" : "border-slate-200"}`}
              >
                <p className="flex flex-wrap items-baseline gap-x-2">
                  {a.low ? <span className="font-semibold text-red-800">Low:</span> : null}
                  <span className="font-medium">{a.respondentName}</span>
                  <span>
                    {a.question === "nps"
                      ? `NPS ${a.score} out of 10`
                      : `${a.stageName}: ${a.score} out of 5${a.feeling ? `, ${FEELING_LABELS[a.feeling].toLowerCase()}` : ""}`}
                  </span>
                  <time dateTime={a.at} className="text-xs text-slate-600">
                    {formatDateTime(a.at, timezone)}
                  </time>
                </p>
                {a.comment ? <p className="mt-1 whitespace-pre-line break-words text-slate-700">{a.comment}</p> : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
