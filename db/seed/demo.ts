// The demo's people and accounts as plain data: a vendor team and four customer
// accounts at different points. app/server/demo/seed-demo.ts brings them there through the domain code.
import type { TeamFunction } from "../schema";

export const DEMO_PASSWORD = "waypoint-demo";

export const DEMO_LOGINS = [
  { email: "priya@waypoint.example", role: "admin", sees: "Every account, the whole portfolio" },
  { email: "maya@waypoint.example", role: "csm", sees: "Her portfolio: Northwind Traders, Acme Analytics" },
  { email: "diego@waypoint.example", role: "csm", sees: "His portfolio: Globex Logistics, Initech Health" },
  { email: "vera@waypoint.example", role: "viewer", sees: "Every account, read-only: no buttons that change anything" },
  { email: "ana@northwind.example", role: "customer", sees: "Northwind Traders' journey (behind in Purchase)" },
  { email: "chloe@acme.example", role: "customer", sees: "Acme Analytics' journey (on track in Onboarding)" },
  { email: "frank@globex.example", role: "customer", sees: "Globex Logistics' journey (overdue in Adoption)" },
  { email: "hana@initech.example", role: "customer", sees: "Initech Health's journey (in Retention)" },
] as const;

export interface StaffSeed {
  email: string;
  name: string;
  role: "admin" | "csm" | "viewer";
  fn: TeamFunction | null;
  title: string;
  login: boolean;
}

export const DEMO_STAFF: StaffSeed[] = [
  {
    email: "priya@waypoint.example",
    name: "Priya Shah",
    role: "admin",
    fn: "csm",
    title: "Head of Customer Success",
    login: true,
  },
  {
    email: "maya@waypoint.example",
    name: "Maya Chen",
    role: "csm",
    fn: "csm",
    title: "Customer success manager",
    login: true,
  },
  {
    email: "diego@waypoint.example",
    name: "Diego Alvarez",
    role: "csm",
    fn: "csm",
    title: "Customer success manager",
    login: true,
  },
  {
    email: "sam@waypoint.example",
    name: "Sam Ortiz",
    role: "csm",
    fn: "sales",
    title: "Account executive",
    login: false,
  },
  {
    email: "lena@waypoint.example",
    name: "Lena Fischer",
    role: "csm",
    fn: "onboarding",
    title: "Onboarding specialist",
    login: false,
  },
  {
    email: "tom@waypoint.example",
    name: "Tom Becker",
    role: "csm",
    fn: "support",
    title: "Support engineer",
    login: false,
  },
  {
    email: "ravi@waypoint.example",
    name: "Ravi Kumar",
    role: "csm",
    fn: "account_manager",
    title: "Account manager",
    login: false,
  },
  // Read-only: sees the whole portfolio, owns no steps and changes nothing.
  {
    email: "vera@waypoint.example",
    name: "Vera Novak",
    role: "viewer",
    fn: null,
    title: "VP Customer Experience",
    login: true,
  },
];

export interface AccountSeed {
  name: string;
  csm: string;
  timezone: string;
  startedDaysAgo: number;
  contacts: { email: string; name: string; title: string }[];
  /** Milestone titles completed, with the day (from start) each was done. */
  done: [title: string, day: number][];
  /** The account's success goals, set by its CSM on day 0. */
  goals: GoalSeed[];
  /** Survey answers given in the past: who, about which stage, on which day from start. */
  pulse?: {
    email: string;
    question: "stage" | "nps";
    stage: string;
    score: number;
    feeling: "frustrated" | "confused" | "neutral" | "confident" | "delighted" | null;
    comment: string | null;
    day: number;
  }[];
}

/** The milestone a goal may be linked to: completing it records the goal's result. */
export const FIRST_SUCCESS_STEP = "Reach your first success goal";

export interface GoalSeed {
  title: string;
  measure: string;
  /** The target date, as days from the start. */
  targetDay: number;
  status: "not_started" | "on_track" | "at_risk" | "achieved" | "missed";
  /** Linked to the FIRST_SUCCESS_STEP; if that step is done, its completion records `result`. */
  linked?: boolean;
  /** The result in words, recorded on `resultDay` (or by the linked step's completion). */
  result?: string;
  resultDay?: number;
}

export const DEMO_ACCOUNTS: AccountSeed[] = [
  {
    name: "Northwind Traders",
    csm: "maya@waypoint.example",
    timezone: "America/New_York",
    // Ten days into a seven-day Purchase, the contract signed two days ago: Behind, not Stuck.
    startedDaysAgo: 10,
    contacts: [
      { email: "ana@northwind.example", name: "Ana Lopez", title: "Operations lead" },
      { email: "ben@northwind.example", name: "Ben Carter", title: "IT administrator" },
    ],
    done: [["Sign the contract", 8]],
    goals: [
      {
        title: "Faster month-end close",
        measure: "cut month-end reporting from 5 days to 1",
        targetDay: 90,
        status: "not_started",
        linked: true,
      },
      {
        title: "Every store on single sign-on",
        measure: "all 40 store managers sign in with SSO, no shared passwords",
        targetDay: 30,
        status: "on_track",
      },
    ],
  },
  {
    name: "Acme Analytics",
    csm: "maya@waypoint.example",
    timezone: "Europe/Berlin",
    startedDaysAgo: 20,
    contacts: [
      { email: "chloe@acme.example", name: "Chloe Park", title: "Head of Analytics" },
      { email: "dev@acme.example", name: "Dev Patel", title: "Data engineer" },
      { email: "emma@acme.example", name: "Emma Rossi", title: "Team lead" },
    ],
    done: [
      ["Sign the contract", 0],
      ["Hand off from sales to customer success", 2],
      ["Name your project team", 5],
      ["Hold the kickoff call", 8],
      ["Set up your account and single sign-on", 13],
    ],
    goals: [
      {
        title: "Self-serve dashboards",
        measure: "analysts answer 80% of data requests without the data team",
        targetDay: 90,
        status: "on_track",
        linked: true,
      },
      {
        title: "One sign-in for the whole analytics team",
        measure: "all 120 analysts sign in with SSO",
        targetDay: 21,
        status: "achieved",
        result: "All 120 analysts have signed in with SSO since day 13; the shared admin login is switched off.",
        resultDay: 14,
      },
    ],
  },
  {
    name: "Globex Logistics",
    csm: "diego@waypoint.example",
    timezone: "America/Chicago",
    startedDaysAgo: 78,
    contacts: [
      { email: "frank@globex.example", name: "Frank Miller", title: "VP Operations" },
      { email: "grace@globex.example", name: "Grace Kim", title: "Systems administrator" },
    ],
    done: [
      ["Sign the contract", 1],
      ["Hand off from sales to customer success", 3],
      ["Name your project team", 9],
      ["Hold the kickoff call", 12],
      ["Set up your account and single sign-on", 20],
      ["Connect your data sources", 33],
      ["Train your administrators", 41],
      ["Use your first key feature", 50],
    ],
    goals: [
      {
        title: "Fewer late shipments",
        measure: "late shipments down from 8% to 3% of orders",
        targetDay: 75,
        status: "at_risk",
      },
      {
        title: "All warehouses reporting",
        measure: "data from all 6 warehouses in one daily report",
        targetDay: 40,
        status: "achieved",
        result: "All 6 warehouses feed the daily report since day 33; the manual spreadsheet is retired.",
        resultDay: 34,
      },
    ],
    pulse: [
      {
        email: "grace@globex.example",
        question: "stage",
        stage: "Onboarding",
        score: 2,
        feeling: "frustrated",
        comment: "Connecting our warehouse system took three tries before anyone told us the firewall rule we needed.",
        day: 42,
      },
      {
        email: "frank@globex.example",
        question: "stage",
        stage: "Onboarding",
        score: 4,
        feeling: "confident",
        comment: null,
        day: 43,
      },
    ],
  },
  {
    name: "Initech Health",
    csm: "diego@waypoint.example",
    timezone: "Asia/Tokyo",
    startedDaysAgo: 200,
    contacts: [
      { email: "hana@initech.example", name: "Hana Suzuki", title: "Director of Clinical Ops" },
      { email: "ivan@initech.example", name: "Ivan Petrov", title: "IT manager" },
      { email: "julia@initech.example", name: "Julia Rossi", title: "Training coordinator" },
    ],
    done: [
      ["Sign the contract", 0],
      ["Hand off from sales to customer success", 2],
      ["Name your project team", 6],
      ["Hold the kickoff call", 9],
      ["Set up your account and single sign-on", 13],
      ["Connect your data sources", 22],
      ["Train your administrators", 30],
      ["Use your first key feature", 44],
      ["Review early usage", 58],
      ["Invite the wider team", 66],
      ["Reach your first success goal", 84],
      ["Run an account health check", 121],
      ["Hold a quarterly business review", 158],
    ],
    goals: [
      {
        title: "Faster patient intake",
        measure: "cut intake paperwork from 25 minutes to 10 per patient",
        targetDay: 90,
        status: "on_track",
        linked: true,
        result: "Intake takes 9 minutes on average across 3 clinics (March audit of 1,200 patients).",
      },
      {
        title: "Clinic-wide adoption",
        measure: "90% of clinical staff active every week",
        targetDay: 180,
        status: "missed",
        result: "Weekly activity reached 78% by day 180; night shifts have not been trained yet.",
        resultDay: 181,
      },
    ],
  },
];

/** Comments on open steps, oldest first, written as history (they owe no emails). */
export const DEMO_COMMENTS: { account: string; step: string; author: string; hoursAgo: number; body: string }[] = [
  {
    account: "Acme Analytics",
    step: "Connect your data sources",
    author: "chloe@acme.example",
    hoursAgo: 26,
    body: "@dev@acme.example can you take this one? Our warehouse is the main source; the CRM can wait.",
  },
  {
    account: "Acme Analytics",
    step: "Connect your data sources",
    author: "maya@waypoint.example",
    hoursAgo: 20,
    body: "Happy to join a 30-minute call for the warehouse connection. @dev@acme.example, does Thursday work?",
  },
];
