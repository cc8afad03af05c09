// Sample outbox payloads for tests that need an email row without a transition.
import type { StagePayload } from "~/modules/email/email-payloads";
import type { TestAccount } from "./factories";

export function sampleStagePayload(a: TestAccount): StagePayload {
  return {
    journeyId: a.journeyId,
    accountId: a.accountId,
    accountName: "Sample account",
    stage: { name: "Onboarding", description: "Get set up.", number: 2, total: 4 },
    fromStage: "Purchase",
    daysInLastStage: 3,
    milestones: [
      {
        title: "Kickoff",
        ownerSide: "vendor",
        ownerRole: "onboarding",
        ownerUserId: null,
        ownerName: null,
        dueOn: "2026-03-09",
        required: true,
        done: false,
      },
    ],
    resources: [],
  };
}
