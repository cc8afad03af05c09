// /settings/security: a person sees and signs out their other sessions, and
// changes or sets their password, which signs the other sessions out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInWithPassword } from "~/modules/auth/sign-in.server";
import { db, makeStaff, sessionCookie, setPassword } from "./factories";
import { startTestServer, type TestServer } from "./helpers/http";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const sessionIdOf = (cookie: string) => cookie.split("=")[1].split(".")[0];

describe("sessions", () => {
  it("lists this person's sessions and signs out one, or all the others, but never someone else's", async () => {
    const me = await makeStaff();
    const someoneElse = await makeStaff();
    const here = await sessionCookie(me.id);
    const phone = await sessionCookie(me.id);
    const laptop = await sessionCookie(me.id);
    const theirs = await sessionCookie(someoneElse.id);

    const page = await (await server.get("/settings/security", here)).text();
    expect(page.match(/This browser/g)).toHaveLength(1);
    expect(page).toContain("Sign out everywhere else");

    expect(
      (
        await server.post(
          "/settings/security",
          { intent: "sign_out", sessionId: sessionIdOf(theirs) },
          { cookie: here },
        )
      ).status,
    ).toBe(404);
    expect((await server.get("/csm", theirs)).status).toBe(200);

    expect(
      (await server.post("/settings/security", { intent: "sign_out", sessionId: sessionIdOf(phone) }, { cookie: here }))
        .status,
    ).toBe(200);
    expect((await server.get("/csm", phone)).status).toBe(302);
    expect((await server.get("/csm", laptop)).status).toBe(200);

    const res = await server.post("/settings/security", { intent: "sign_out_others" }, { cookie: here });
    expect(await res.text()).toContain("Signed out 1 other session.");
    expect((await server.get("/csm", laptop)).status).toBe(302);
    expect((await server.get("/csm", here)).status).toBe(200);
  });
});

describe("password", () => {
  it("changing it needs the current one, signs out the other sessions, and is audited", async () => {
    const me = await makeStaff();
    await setPassword(me.id, "the old password");
    const here = await sessionCookie(me.id);
    const elsewhere = await sessionCookie(me.id);

    const wrong = await server.post(
      "/settings/security",
      { intent: "password", current: "not it", next: "a brand new password" },
      { cookie: here },
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Your current password is not right.");
    const short = await server.post(
      "/settings/security",
      { intent: "password", current: "the old password", next: "short" },
      { cookie: here },
    );
    expect(short.status).toBe(400);
    expect((await server.get("/csm", elsewhere)).status).toBe(200);

    const ok = await server.post(
      "/settings/security",
      { intent: "password", current: "the old password", next: "a brand new password" },
      { cookie: here },
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("Password saved. 1 other session(s) signed out.");
    expect((await server.get("/csm", elsewhere)).status).toBe(302);
    expect((await server.get("/csm", here)).status).toBe(200);
    expect((await signInWithPassword(db(), { email: me.email, password: "the old password" }, new Date())).ok).toBe(
      false,
    );
    expect((await signInWithPassword(db(), { email: me.email, password: "a brand new password" }, new Date())).ok).toBe(
      true,
    );
    const audit = await db()
      .selectFrom("audit_events")
      .select("kind")
      .where("subject_user_id", "=", me.id)
      .where("kind", "=", "password_changed")
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("someone who signs in with links can set a first password without a current one", async () => {
    const me = await makeStaff();
    const here = await sessionCookie(me.id);
    expect(await (await server.get("/settings/security", here)).text()).toContain("Set a password");
    const res = await server.post(
      "/settings/security",
      { intent: "password", next: "my first password" },
      { cookie: here },
    );
    expect(res.status).toBe(200);
    expect((await signInWithPassword(db(), { email: me.email, password: "my first password" }, new Date())).ok).toBe(
      true,
    );
  });
});
