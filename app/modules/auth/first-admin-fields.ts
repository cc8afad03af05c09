// What the first admin gives (name, email, an optional password), checked the
// same way by the setup page and by `npm run admin:create`.
import { z } from "zod";
import { personName } from "~/utils/single-line";
import { optionalNewPassword } from "./password-rules";

export const firstAdminFields = z.object({
  name: personName({ max: 200 }),
  email: z
    .string({ error: "Enter your email address." })
    .trim()
    .max(320, { error: "That email address is too long." })
    .email({ error: "Enter a valid email address." }),
  // Empty means "sign in with emailed links instead".
  password: optionalNewPassword,
});

// Shown by the page as well as thrown by the domain, so they live here, not in a .server file.
export const ALREADY_SET_UP = "Waypoint already has an admin, so this setup link no longer works. Sign in instead.";
export const STALE_SETUP_LINK =
  "This setup link is not the current one. Use the link printed the last time Waypoint started.";

export type FirstAdminFields = z.infer<typeof firstAdminFields>;
