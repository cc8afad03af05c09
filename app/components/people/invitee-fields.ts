// The name and email every invitation form asks for, checked the same way
// for staff and contacts; the inputs take their length limits from here.
import { z } from "zod";
import { personName } from "~/utils/single-line";

export const NAME_MAX = 200;
export const EMAIL_MAX = 320;

export const inviteeFields = {
  name: personName({ max: NAME_MAX }),
  email: z
    .string()
    .trim()
    .max(EMAIL_MAX, { error: "That email address is too long." })
    .email({ error: "Enter a valid email address." }),
};
