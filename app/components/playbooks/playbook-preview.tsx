// The draft as a customer will see the journey it starts: the stage path, each stage
// with what the customer reads, and the milestones shown to them (internal ones and
// those for other segments left out), with owners, due days and resources.
import { useState } from "react";
import { roleLabel } from "~/modules/playbooks/owner-label";
import type { EditorDocument, EditorMilestone } from "~/modules/playbooks/playbook-editor-form";
import { numberField, segmentsField } from "~/modules/playbooks/playbook-editor-form";
import { ResourceList } from "../journey/milestone-item";
import { StagePath } from "../journey/stage-path";
import { StageSection } from "../journey/stage-section";
import { Badge } from "../ui/badge";

/** When the step is due, as the playbook counts it (a journey shows the date it works out to). */
export function dueText(m: Pick<EditorMilestone, "dueOffsetDays" | "dueFrom" | "dueOffsetKind">): string {
  const days = numberField(m.dueOffsetDays);
  const from = m.dueFrom === "stage_entry" ? "the stage begins" : "the journey starts";
  if (days === undefined || Number.isNaN(days)) return "No due day yet";
  if (days === 0) return `Due the day ${from}`;
  const unit = m.dueOffsetKind === "business" ? "business day" : "day";
  return `Due ${days} ${unit}${days === 1 ? "" : "s"} after ${from}`;
}

/** Whether an account in `segment` (empty: none) gets the milestone. */
function forSegment(m: EditorMilestone, segment: string): boolean {
  const only = segmentsField(m.segments);
  return !only || (segment !== "" && only.includes(segment));
}

export function PlaybookPreview({ doc }: { doc: EditorDocument }) {
  const segments = [
    ...new Set(doc.stages.flatMap((s) => s.milestones.flatMap((m) => segmentsField(m.segments) ?? []))),
  ];
  const [segment, setSegment] = useState("");
  const stages = doc.stages.map((s, i) => ({
    id: `preview-${s.id}`,
    name: s.name || "Untitled stage",
    description: s.description,
    position: i + 1,
    state: i === 0 ? ("current" as const) : ("upcoming" as const),
    milestones: s.milestones.filter((m) => m.visibility !== "internal" && forSegment(m, segment)),
  }));
  const hidden = doc.stages.flatMap((s) => s.milestones).filter((m) => m.visibility === "internal").length;
  return (
    <div data-testid="playbook-preview">
      <p className="text-sm text-slate-600">
        What a customer sees when a journey starts from this draft, on its first day. Internal steps are left out
        {hidden ? ` (${hidden} here)` : ""}; dates show as days from the start until a journey works them out.
      </p>
      {segments.length ? (
        <div className="mt-3 max-w-xs">
          <label htmlFor="preview-segment" className="block text-sm font-medium">
            Preview for an account in segment
          </label>
          <select
            id="preview-segment"
            value={segment}
            onChange={(e) => setSegment(e.target.value)}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
          >
            <option value="">No segment</option>
            {segments.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="mt-4 rounded-xl border border-slate-200 bg-slate-50 p-3 sm:p-5">
        <p className="text-sm font-medium text-slate-600">{doc.name}</p>
        <div className="mt-3">
          <StagePath stages={stages} />
        </div>
        {stages.map((s) => (
          <StageSection key={s.id} stage={s} className="mt-6" withDescription>
            {s.milestones.length === 0 ? (
              <li className="text-sm text-slate-600">No steps for the customer to see in this stage.</li>
            ) : (
              s.milestones.map((m) => (
                <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                  <div className="flex flex-wrap items-center gap-2">
                    <h3 className="font-medium">{m.title || "Untitled milestone"}</h3>
                    {!m.required && <Badge>Optional</Badge>}
                  </div>
                  {m.description && <p className="mt-1 text-sm text-slate-700">{m.description}</p>}
                  <p className="mt-2 text-sm text-slate-600">
                    {dueText(m)} · {roleLabel(m.ownerSide === "customer" ? "customer" : "vendor", m.ownerRole)}
                  </p>
                  <ResourceList
                    resources={m.resources.map((r) => ({
                      id: r.id,
                      title: r.title || "Untitled resource",
                      url: r.url,
                      kind: r.kind,
                      minutes: Number(numberField(r.minutes)) || 0,
                    }))}
                  />
                </li>
              ))
            )}
          </StageSection>
        ))}
      </div>
    </div>
  );
}
