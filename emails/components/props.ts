// The props every email template takes. The outbox stores data (ids, dates);
// app/modules/email/render-email.server.ts turns it into these props, adding
// absolute URLs and signed links, so templates stay pure and previewable.

/** What every email carries: who it is for, from whom, and why they get it. */
export interface EmailChrome {
  /** The product, "Waypoint". */
  productName: string;
  /** The vendor whose customers these are, e.g. "Acme Cloud". Also the sender name. */
  vendorName: string;
  /** The workspace's brand colour for buttons and links, "#rrggbb"; absent for the default blue. */
  brandColour?: string | null;
  /** The vendor's logo, an absolute URL; absent without one. */
  logoUrl?: string | null;
  recipientName: string;
  /** One sentence: why this person gets this email. */
  reason: string;
  /** The page where they change which emails they get. */
  settingsUrl: string;
  /** One-click unsubscribe for this kind of email; absent for emails one cannot opt out of. */
  unsubscribeUrl?: string;
}

export interface StageMilestoneLine {
  title: string;
  /** "You", "Your team", "Maya Chen · Customer success manager". */
  ownerLabel: string;
  /** YYYY-MM-DD */
  dueOn: string;
  required: boolean;
}

export interface ResourceLine {
  title: string;
  url: string;
  kind: "guide" | "video" | "webinar" | "course";
  minutes: number;
}

/** To each customer contact when their journey enters a stage. */
export interface StageEnteredCustomerProps extends EmailChrome {
  accountName: string;
  /**
   * The stage's subject and introduction from the journey's playbook version, with {account},
   * {vendor} and {stage} unfilled; absent or null for the generic words (emails/stage-copy.ts).
   */
  copy?: { subject: string; intro: string } | null;
  stage: {
    name: string;
    /** The playbook's stage description: the stage's goal in plain words. */
    description: string;
    /** 1-based */
    number: number;
    total: number;
  };
  milestones: StageMilestoneLine[];
  /** The resources to start with (a few, in journey order). */
  resources: ResourceLine[];
  journeyUrl: string;
  /** "How did <stage> go?" with one link per score, 1 to 5; each opens a page to confirm. Absent when not asked. */
  survey?: { stageName: string; scoreUrls: string[] } | null;
}

/** To the account's CSM: a short internal version. */
export interface StageEnteredCsmProps extends EmailChrome {
  accountName: string;
  /** A journey's start sends no stage email, so there is always a stage it moved from. */
  fromStage: string;
  toStage: string;
  /** Days the previous stage took. */
  daysInLastStage: number;
  /** The first open milestones of the new stage. */
  nextSteps: StageMilestoneLine[];
  accountUrl: string;
}

export interface NudgeItem {
  title: string;
  stageName: string;
  /** YYYY-MM-DD */
  dueOn: string;
  /** > 0 overdue by that many days; 0 due today; < 0 due in that many days. */
  daysOverdue: number;
  /** Straight to the milestone. */
  milestoneUrl: string;
  /** Opens a confirmation page; null when the recipient cannot complete it. */
  doneUrl: string | null;
}

/** One email to one person: everything they own that is due within two days or overdue. */
export interface NudgeDigestProps extends EmailChrome {
  /** Grouped by account, oldest item first, accounts ordered by their oldest item. */
  accounts: { accountName: string; items: NudgeItem[] }[];
  /** The CSM who asked for this reminder; absent for the daily digest. */
  askedBy?: string | null;
}

export interface EscalationItem {
  title: string;
  stageName: string;
  ownerName: string;
  dueOn: string;
  daysOverdue: number;
  milestoneUrl: string;
}

/** To the CSM: customer-owned milestones overdue by more than `thresholdDays`. */
export interface EscalationProps extends EmailChrome {
  thresholdDays: number;
  accounts: { accountName: string; accountUrl: string; items: EscalationItem[] }[];
}

/** A sign-in link someone asked for. Not unsubscribable. */
export interface SignInLinkProps {
  productName: string;
  vendorName: string;
  /** The workspace's brand colour for buttons and links, "#rrggbb"; absent for the default blue. */
  brandColour?: string | null;
  /** The vendor's logo, an absolute URL; absent without one. */
  logoUrl?: string | null;
  recipientName: string;
  /** Opens a page with a "Sign in" button; single use. */
  signInUrl: string;
  expiresInMinutes: number;
  /** Why they get it: "Someone (hopefully you) asked to sign in to …". */
  reason: string;
}

/** An invitation to the portal, from a CSM or an admin. Not unsubscribable. */
export interface InvitationProps {
  productName: string;
  vendorName: string;
  /** The workspace's brand colour for buttons and links, "#rrggbb"; absent for the default blue. */
  brandColour?: string | null;
  /** The vendor's logo, an absolute URL; absent without one. */
  logoUrl?: string | null;
  recipientName: string;
  inviterName: string;
  /** "Northwind Traders" for a contact; null for a staff invitation. */
  accountName: string | null;
  /** "customer contact", "customer success manager", "admin". */
  roleLabel: string;
  acceptUrl: string;
  expiresInDays: number;
  reason: string;
}

/** To the CSM: a customer answered a survey low (a stage 2 or less out of 5, or an NPS of 6 or less). */
export interface PulseAlertProps extends EmailChrome {
  accountName: string;
  respondentName: string;
  question: "stage" | "nps";
  /** The stage asked about ("How did Onboarding go?"); for NPS, the stage the journey was in. */
  stageName: string;
  score: number;
  /** frustrated, confused, neutral, confident or delighted; null for NPS. */
  feeling: string | null;
  comment: string | null;
  accountUrl: string;
}

export interface CommentLine {
  /** Null once the author was deleted. */
  authorName: string | null;
  body: string;
  /** When it was written, already in words: "10 Mar 2026, 14:05". */
  when: string;
  /** Why the reader is told: "You were mentioned", "You own this step", "You are the CSM". */
  why: string;
}

/** One email to one person: the new comments on steps they own, their accounts' steps, or where they were mentioned. */
export interface CommentDigestProps extends EmailChrome {
  accounts: {
    accountName: string;
    milestones: {
      title: string;
      /** Straight to the step; null when the reader cannot open its page. */
      milestoneUrl: string | null;
      comments: CommentLine[];
    }[];
  }[];
}
