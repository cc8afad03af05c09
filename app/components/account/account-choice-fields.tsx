// The timezone and CSM choices of the new-account and account settings forms.
import { FIELD_INPUT, Field } from "~/components/ui/field";
import type { FormAnswer } from "~/utils/form-answer";

export function TimezoneField({
  timezones,
  defaultValue,
  answer,
}: {
  timezones: string[];
  defaultValue: string;
  answer: FormAnswer | undefined;
}) {
  return (
    <Field name="timezone" label="Timezone" answer={answer}>
      {(p) => (
        <select {...p} defaultValue={defaultValue} className={FIELD_INPUT}>
          {timezones.map((tz) => (
            <option key={tz}>{tz}</option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CsmField({
  csms,
  defaultValue,
  answer,
}: {
  csms: { id: string; name: string }[];
  defaultValue: string | undefined;
  answer: FormAnswer | undefined;
}) {
  return (
    <Field name="csmId" label="CSM" answer={answer}>
      {(p) => (
        <select {...p} defaultValue={defaultValue} className={FIELD_INPUT}>
          {csms.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
