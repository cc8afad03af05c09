// The password rule pages show and actions enforce, shared with the browser.
import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 10;

/** A password a person may choose or leave empty (then they sign in with emailed links): setup and invitations. */
export const optionalNewPassword = z
  .string()
  .max(1000, { error: "That password is too long." })
  .refine((v) => v === "" || v.length >= PASSWORD_MIN_LENGTH, {
    error: `Use at least ${PASSWORD_MIN_LENGTH} characters, or leave it empty.`,
  })
  .refine((v) => !v.includes("\0"), { error: "That password cannot be used." })
  .optional();
