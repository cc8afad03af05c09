// The account fields the new-account and settings forms share, checked the
// same way in both; the inputs take their limits from here.
import { z } from "zod";
import { hasLineBreakers } from "~/utils/single-line";

export const ACCOUNT_NAME_MAX = 200;

const oneLine = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `That ${what} is too long.` })
    .refine((v) => !hasLineBreakers(v), { error: `Enter the ${what} on one line.` });

/** Empty means "not given". */
const optional = (schema: z.ZodType<string>) => schema.transform((v) => (v === "" ? null : v));

export const accountFields = {
  name: oneLine("account name", ACCOUNT_NAME_MAX).pipe(z.string().min(1, { error: "Enter the account's name." })),
  timezone: z.string({ error: "Choose a timezone." }).min(1, { error: "Choose a timezone." }),
  csmId: z.uuid({ error: "Choose a CSM from the list." }),
};

export const newAccountFields = {
  ...accountFields,
  domain: optional(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^$|^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
        error: "Enter the domain like example.com, without https://.",
      }),
  ).optional(),
  segment: optional(oneLine("segment", 100)).optional(),
  startedOn: z.iso.date({ error: "Enter the start date as a date." }),
  playbookId: z.uuid({ error: "Choose a playbook from the list." }),
};

/** How many contacts the new-account form offers at once; more come on the contacts page. */
export const NEW_ACCOUNT_CONTACTS = 3;
