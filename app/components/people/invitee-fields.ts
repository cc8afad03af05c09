// The name and email every invitation form asks for, checked the same way
// for staff and contacts; the inputs take their length limits from here.
import { z } from "zod";

export const NAME_MAX = 200;
export const EMAIL_MAX = 320;

export const inviteeFields = {
  name: z
    .string()
    .trim()
    .min(1, { error: "Enter their name." })
    .max(NAME_MAX, { error: "That name is too long." })
    .refine((v) => !v.includes("\0")),
  email: z
    .string()
    .trim()
    .max(EMAIL_MAX, { error: "That email address is too long." })
    .email({ error: "Enter a valid email address." }),
};
