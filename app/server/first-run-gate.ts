// Until the first admin exists, the portal serves only its setup page: pages
// redirect there and anything else gets a 503 that says what to do.
import type express from "express";
import { needsFirstAdmin } from "~/modules/auth/create-first-admin.server";
import type { DB } from "~/utils/db.server";

export const SETUP_PATH = "/setup";
export const NOT_SET_UP =
  "Waypoint is not set up yet. Open the setup link printed where `npm start` runs, or run `npm run admin:create`.";

/** Whether setup is pending; asks the database until an admin exists, then never again. */
export function firstRunCheck(db: DB): () => Promise<boolean> {
  // The portal always keeps an active admin, so once there is one the gate stays open.
  let done = false;
  return async () => {
    if (done) return false;
    done = !(await needsFirstAdmin(db));
    return !done;
  };
}

// The setup page, its data requests once the browser runs it (single fetch posts
// to /setup.data), the route manifest Remix fetches to get there, and the logo the page shows.
const OPEN_PATHS = new Set([SETUP_PATH, `${SETUP_PATH}.data`, "/__manifest", "/brand/logo"]);

export function firstRunGate(pending: () => Promise<boolean>): express.RequestHandler {
  return async (req, res, next) => {
    const url = res.locals.url as URL;
    if (OPEN_PATHS.has(url.pathname)) return next();
    try {
      if (!(await pending())) return next();
    } catch (e) {
      return next(e);
    }
    // A browser opening a page goes to the setup page; a script or a data request gets words it can show.
    const wantsPage =
      (req.method === "GET" || req.method === "HEAD") &&
      !url.pathname.endsWith(".data") &&
      (req.get("accept") ?? "").includes("text/html");
    if (wantsPage) {
      res.setHeader("Cache-Control", "no-store");
      res.redirect(303, SETUP_PATH);
      return;
    }
    res.status(503).setHeader("Cache-Control", "no-store");
    res.type("text/plain").send(NOT_SET_UP);
  };
}
