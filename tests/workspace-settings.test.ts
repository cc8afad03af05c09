// Workspace settings: the brand colour's contrast rule, what a logo may be, the
// settings over the environment's defaults, and where they show (portal,
// emails, the customer's journey, the reminder hours) — in the domain and over HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { emailContext, fromWithName } from "~/modules/email/email-context.server";
import { renderOutboxEmail } from "~/modules/email/render-email.server";
import { runNudgeSweep } from "~/modules/email/run-nudge-sweep.server";
import { brandColourProblem, contrastRatio, normaliseHex } from "~/modules/workspace/brand-colour";
import { checkLogo, MAX_LOGO_BYTES } from "~/modules/workspace/logo-file";
import { settingsForm } from "~/modules/workspace/settings-form";
import {
  defaultAccountTimezone,
  getLogo,
  getWorkspace,
  removeLogo,
  saveLogo,
  saveWorkspaceSettings,
  workspaceNudgeRules,
} from "~/modules/workspace/workspace-settings.server";
import { parseEnv } from "~/utils/env.server";
import { InputError } from "~/utils/errors.server";
import { sampleStagePayload } from "./email-fixtures";
import { db, makeAccount, makePlaybook, makeStaff, sessionCookie } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

const NOW = new Date("2026-12-01T10:00:00Z");
const ENV = parseEnv({ APP_URL: "http://portal.test" });

// The smallest valid files of each kind: their first bytes are what is checked.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]);
const WEBP = Buffer.concat([Buffer.from("RIFF"), Buffer.from([0x1a, 0, 0, 0]), Buffer.from("WEBPVP8 ")]);
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

const EMPTY_FORM = {
  vendorName: null,
  brandColour: null,
  supportEmail: null,
  meetingUrl: null,
  defaultTimezone: null,
  nudgeStartHour: null,
  nudgeEndHour: null,
  nudgeFirstDay: null,
  nudgeLastDay: null,
};

async function clearSettings() {
  await db().deleteFrom("workspace_settings").execute();
}

describe("the brand colour", () => {
  it("reads hex codes in any common spelling and nothing else", () => {
    expect(normaliseHex("#1F57C0")).toBe("#1f57c0");
    expect(normaliseHex("1f57c0")).toBe("#1f57c0");
    expect(normaliseHex("#15c")).toBe("#1155cc");
    expect(normaliseHex("blue")).toBeNull();
    expect(normaliseHex("#12345")).toBeNull();
  });

  it("measures contrast as WCAG does", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    // The well-known threshold: #767676 is the lightest grey that passes on white.
    expect(contrastRatio("#767676", "#ffffff")).toBeGreaterThan(4.5);
    expect(contrastRatio("#777777", "#ffffff")).toBeLessThan(4.5);
  });

  it("refuses a colour white text or page text cannot meet at 4.5:1, and says why", () => {
    expect(brandColourProblem("#1f57c0")).toBeNull();
    expect(brandColourProblem("#ffcc00")).toMatch(/too light.*1\.\d:1.*at least 4\.5:1/);
    // Passes on pure white but not on the slate-50 page behind links.
    expect(contrastRatio("#757575", "#ffffff")).toBeGreaterThan(4.5);
    expect(brandColourProblem("#767676")).not.toBeNull();
  });

  it("the form refuses it too, with the same words", () => {
    const r = settingsForm.safeParse({ intent: "save", brandColour: "#ffcc00" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["brandColour"]);
    expect(r.error?.issues[0].message).toMatch(/too light/);
    expect(settingsForm.safeParse({ intent: "save", brandColour: "teal" }).error?.issues[0].message).toMatch(
      /hex code/,
    );
  });
});

describe("what a logo may be", () => {
  it("accepts PNG, JPEG and WebP by their bytes", () => {
    expect(checkLogo(PNG)).toEqual({ ok: true, type: "image/png" });
    expect(checkLogo(JPEG)).toEqual({ ok: true, type: "image/jpeg" });
    expect(checkLogo(WEBP)).toEqual({ ok: true, type: "image/webp" });
  });

  it("refuses SVG however it starts, other formats, nothing, and too much", () => {
    for (const svg of [SVG, Buffer.from(`\uFEFF  <?xml version="1.0"?>${SVG}`), Buffer.from(`<!DOCTYPE svg>${SVG}`)]) {
      const r = checkLogo(svg);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.message).toMatch(/SVG/);
    }
    expect(checkLogo(Buffer.from("GIF89a......"))).toEqual({
      ok: false,
      message: "The logo must be a PNG, JPEG or WebP image.",
    });
    expect(checkLogo(Buffer.alloc(0)).ok).toBe(false);
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_LOGO_BYTES)]);
    expect(checkLogo(big)).toMatchObject({ ok: false, message: expect.stringMatching(/at most 512 KB/) });
  });
});

describe("settings over the environment's defaults", () => {
  beforeEach(clearSettings);

  it("without settings, everything comes from the environment as before", async () => {
    const w = await getWorkspace(db(), ENV);
    expect(w.vendorName).toBe("Waypoint Demo");
    expect(w.brandColour).toBeNull();
    expect(w.logoVersion).toBeNull();
    expect(w.nudges).toEqual({ startHour: 9, endHour: 17, firstDay: 1, lastDay: 5, escalationDays: 5 });
    expect(await defaultAccountTimezone(db(), ENV)).toBe("UTC");
    const ctx = await emailContext(db(), ENV);
    expect(ctx.from).toBe("Waypoint Demo <success@waypoint.example>");
    expect(ctx.brandColour).toBeNull();
  });

  it("the admin's settings win, and an emptied one gives the default back", async () => {
    const admin = await makeStaff({ role: "admin" });
    await saveWorkspaceSettings(
      db(),
      admin,
      {
        ...EMPTY_FORM,
        vendorName: "Acme Cloud",
        brandColour: "#0b6e4f",
        defaultTimezone: "Europe/Paris",
        nudgeStartHour: 8,
        nudgeEndHour: 12,
        nudgeFirstDay: 2,
        nudgeLastDay: 6,
      },
      NOW,
    );
    const w = await getWorkspace(db(), ENV);
    expect(w.vendorName).toBe("Acme Cloud");
    expect(w.brandColour).toBe("#0b6e4f");
    expect(await defaultAccountTimezone(db(), ENV)).toBe("Europe/Paris");
    expect(await workspaceNudgeRules(db(), ENV)).toEqual({
      startHour: 8,
      endHour: 12,
      firstDay: 2,
      lastDay: 6,
      escalationDays: 5,
    });
    await saveWorkspaceSettings(db(), admin, EMPTY_FORM, NOW);
    expect((await getWorkspace(db(), ENV)).vendorName).toBe("Waypoint Demo");
    expect((await workspaceNudgeRules(db(), ENV)).startHour).toBe(9);
  });

  it("refuses a light colour from any caller and writes nothing", async () => {
    const admin = await makeStaff({ role: "admin" });
    await expect(
      saveWorkspaceSettings(db(), admin, { ...EMPTY_FORM, vendorName: "Half Written", brandColour: "#ffcc00" }, NOW),
    ).rejects.toBeInstanceOf(InputError);
    expect((await getWorkspace(db(), ENV)).vendorName).toBe("Waypoint Demo");
  });

  it("stores a logo with a version that changes with its bytes, and removes it", async () => {
    const admin = await makeStaff({ role: "admin" });
    await expect(saveLogo(db(), admin, SVG, NOW)).rejects.toThrow(/SVG/);
    expect(await getLogo(db())).toBeNull();
    await saveLogo(db(), admin, PNG, NOW);
    const first = await getLogo(db());
    expect(first?.type).toBe("image/png");
    expect(first?.bytes.equals(PNG)).toBe(true);
    await saveLogo(db(), admin, JPEG, NOW);
    const second = (await getWorkspace(db(), ENV)).logoVersion;
    expect(second).not.toBe(first?.etag);
    await removeLogo(db(), admin, NOW);
    expect(await getLogo(db())).toBeNull();
  });
});

describe("emails carry the vendor's name, colour and logo", () => {
  beforeEach(clearSettings);

  it("quotes the vendor's name as the sender's name, keeping EMAIL_FROM's address", () => {
    expect(fromWithName("Waypoint Demo <success@waypoint.example>", 'Acme, "Cloud"')).toBe(
      '"Acme, \\"Cloud\\"" <success@waypoint.example>',
    );
    expect(fromWithName("success@acme.test", "Acme")).toBe('"Acme" <success@acme.test>');
  });

  it("a stage email says the vendor's name, uses its colour and shows its logo", async () => {
    const admin = await makeStaff({ role: "admin", name: "Ada Admin" });
    const acct = await makeAccount({ csmId: admin.id, playbookId: await makePlaybook(), contacts: 1 });
    const render = async () => {
      const ctx = await emailContext(db(), ENV);
      return renderOutboxEmail(
        {
          id: "00000000-0000-4000-8000-000000000001",
          kind: "stage_entered_csm",
          created_at: NOW,
          recipient_user_id: admin.id,
          recipient_name: "Ada Admin",
          recipient_role: "admin",
          payload: sampleStagePayload(acct),
        },
        ctx,
      );
    };
    const before = await render();
    expect(before.html).toContain("Waypoint Demo");
    expect(before.html).not.toContain("#0b6e4f");
    expect(before.html).not.toContain("/brand/logo");

    await saveWorkspaceSettings(db(), admin, { ...EMPTY_FORM, vendorName: "Acme Cloud", brandColour: "#0b6e4f" }, NOW);
    await saveLogo(db(), admin, PNG, NOW);
    const version = (await getWorkspace(db(), ENV)).logoVersion;
    const after = await render();
    expect(after.html).toContain("Acme Cloud");
    expect(after.html).not.toContain("Waypoint Demo");
    // The button's background: the brand colour instead of the default blue.
    expect(after.html).toMatch(/background-color:#0b6e4f/);
    expect(after.html).not.toContain("#2457c5");
    expect(after.html).toContain(`http://portal.test/brand/logo?v=${version}`);
    expect((await emailContext(db(), ENV)).from).toBe('"Acme Cloud" <success@waypoint.example>');
  });
});

describe("reminders keep the admin's working hours", () => {
  beforeEach(clearSettings);

  it("a Saturday nudge goes out only once Saturday is a working day", async () => {
    const admin = await makeStaff({ role: "admin" });
    const csm = await makeStaff({ timezone: "UTC" });
    const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook(), contacts: 1 });
    await db().updateTable("users").set({ timezone: "UTC" }).where("id", "=", acct.contacts[0].id).execute();
    await db()
      .updateTable("journey_milestones")
      .set({ due_on: "2026-12-05" })
      .where("journey_id", "=", acct.journeyId)
      .execute();
    // Saturday 5 December 2026, 10:00 UTC.
    const SAT = new Date("2026-12-05T10:00:00Z");
    expect(await runNudgeSweep(db(), SAT, await workspaceNudgeRules(db(), ENV))).toEqual([]);
    await saveWorkspaceSettings(db(), admin, { ...EMPTY_FORM, nudgeFirstDay: 1, nudgeLastDay: 6 }, NOW);
    const queued = await runNudgeSweep(db(), SAT, await workspaceNudgeRules(db(), ENV));
    const contact = await db()
      .selectFrom("users")
      .select("email")
      .where("id", "=", acct.contacts[0].id)
      .executeTakeFirstOrThrow();
    expect(queued.map((q) => q.toEmail)).toContain(contact.email);
  });
});

/** The page's answer line and a field's error, as a browser without scripts shows them. */
const notice = (html: string) => /<p id="form-answer"[^>]*>([^<]*)</.exec(html)?.[1];
const fieldErrorIn = (html: string, field: string) =>
  new RegExp(`<p id="${field}-error"[^>]*>([^<]*)<`).exec(html)?.[1];

describe("over HTTP", () => {
  let server: TestServer;
  let adminCookie: string;
  beforeAll(async () => {
    server = await startTestServer();
    adminCookie = await sessionCookie((await makeStaff({ role: "admin" })).id);
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(clearSettings);

  const upload = (bytes: Buffer, name: string, type: string) => {
    const form = new FormData();
    form.set("intent", "logo");
    form.set("logo", new Blob([new Uint8Array(bytes)], { type }), name);
    return fetch(`${server.url}/admin/settings`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: adminCookie, origin: server.url },
      body: form,
    });
  };

  it("a light colour is a 400 with the reason, and nothing is saved", async () => {
    const res = await server.post(
      "/admin/settings",
      { intent: "save", vendorName: "Half Written", brandColour: "#ffcc00" },
      { cookie: adminCookie },
    );
    expect(res.status).toBe(400);
    expect(fieldErrorIn(await res.text(), "brandColour")).toMatch(/too light/);
    expect((await getWorkspace(db(), ENV)).vendorName).toBe("Waypoint Demo");
  });

  it("the saved name and colour show on every page, the login page included", async () => {
    const res = await server.post(
      "/admin/settings",
      { intent: "save", vendorName: "Acme Cloud", brandColour: "#0B6E4F", supportEmail: "help@acme.test" },
      { cookie: adminCookie },
    );
    expect(res.status).toBe(200);
    const html = await (await server.get("/login")).text();
    expect(html).toContain("Acme Cloud");
    // The brand shades as CSS variables on <html>: 600 is the colour itself.
    expect(html).toMatch(/<html[^>]*style="[^"]*--brand-600:11 110 79/);
  });

  it("tab titles name the page and the vendor: the default, then the saved name", async () => {
    const csm = await makeStaff({ role: "csm" });
    const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook(), name: "Northwind Traders" });
    const csmCookie = await sessionCookie(csm.id);
    const customer = await sessionCookie(acct.contacts[0].id);
    const titles = async () => {
      const pages: [string, string | undefined][] = [
        ["/login", undefined],
        ["/admin/settings", adminCookie],
        ["/csm", csmCookie],
        [`/csm/accounts/${acct.accountId}`, csmCookie],
        [`/csm/accounts/${acct.accountId}/contacts`, csmCookie],
        ["/journey", customer],
      ];
      const out: string[] = [];
      for (const [path, cookie] of pages) {
        const res = await server.get(path, cookie);
        expect(res.status, path).toBe(200);
        out.push(/<title>([^<]*)<\/title>/.exec(await res.text())?.[1] ?? "no title");
      }
      return out;
    };
    const pages = (vendor: string) => [
      `Sign in · ${vendor}`,
      `Workspace settings · ${vendor}`,
      `Portfolio · ${vendor}`,
      `Northwind Traders · ${vendor}`,
      `Contacts · Northwind Traders · ${vendor}`,
      `Northwind Traders journey · ${vendor}`,
    ];
    // Saved through the portal, so its kept copy of the settings is forgotten too.
    const reset = await server.post("/admin/settings", { intent: "save", vendorName: "" }, { cookie: adminCookie });
    expect(reset.status).toBe(200);
    expect(await titles()).toEqual(pages("Waypoint Demo"));
    const saved = await server.post(
      "/admin/settings",
      { intent: "save", vendorName: "Smith & Co" },
      { cookie: adminCookie },
    );
    expect(saved.status).toBe(200);
    // Escaped once, as any text in the page.
    expect(await titles()).toEqual(pages("Smith &amp; Co"));
  });

  it("uploads a PNG and serves it with an ETag and caching; a repeat is a 304", async () => {
    expect((await upload(PNG, "logo.png", "image/png")).status).toBe(200);
    const version = (await getWorkspace(db(), ENV)).logoVersion!;
    const res = await server.get(`/brand/logo?v=${version}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    const etag = res.headers.get("etag")!;
    expect(etag).toBe(`"${version}"`);
    const again = await fetch(`${server.url}/brand/logo`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("cache-control")).toBe("public, max-age=300");
    expect(await (await server.get("/login")).text()).toContain(`/brand/logo?v=${version}`);
  });

  it("refuses an SVG, a file that only claims to be a PNG, and a large file, with words", async () => {
    const svg = await upload(SVG, "logo.png", "image/png");
    expect(svg.status).toBe(400);
    expect(notice(await svg.text())).toMatch(/SVG logos are not accepted/);
    const fake = await upload(Buffer.from("not an image"), "logo.png", "image/png");
    expect(fake.status).toBe(400);
    const large = await upload(Buffer.concat([PNG, Buffer.alloc(700 * 1024)]), "logo.png", "image/png");
    expect(large.status).toBe(400);
    expect(notice(await large.text())).toMatch(/at most 512 KB/);
    // Past the route's body limit the request is refused unread.
    expect((await upload(Buffer.alloc(3 * 1024 * 1024), "huge.png", "image/png")).status).toBe(413);
    expect(await getLogo(db())).toBeNull();
    expect((await server.get("/brand/logo")).status).toBe(404);
  });

  it("customers see the contact details as “Contact your CSM”", async () => {
    const csm = await makeStaff({ name: "Maya Chen" });
    const acct = await makeAccount({ csmId: csm.id, playbookId: await makePlaybook(), contacts: 1 });
    const customer = await sessionCookie(acct.contacts[0].id);
    expect(await (await server.get("/journey", customer)).text()).not.toContain("Contact your CSM");
    await server.post(
      "/admin/settings",
      { intent: "save", supportEmail: "help@acme.test", meetingUrl: "https://meet.acme.test/maya" },
      { cookie: adminCookie },
    );
    const html = await (await server.get("/journey", customer)).text();
    expect(html).toContain("Contact your CSM");
    expect(html).toContain("mailto:help@acme.test");
    expect(html).toContain("https://meet.acme.test/maya");
    expect(html).toContain("Maya Chen looks after your account.");
  });

  it("refuses a meeting link that is not http(s)", async () => {
    const res = await server.post(
      "/admin/settings",
      { intent: "save", meetingUrl: "javascript:alert(1)" },
      { cookie: adminCookie },
    );
    expect(res.status).toBe(400);
    expect(fieldErrorIn(await res.text(), "meetingUrl")).toMatch(/https:\/\//);
  });
});
