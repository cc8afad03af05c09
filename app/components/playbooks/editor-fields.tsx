// The editor's labelled controls: each shows its error beside it and points at it
// for screen readers. A field's id comes from its name in the document
// ("stages.0.name" is #pb-stages-0-name), which is how the save's errors find it.
import type { ReactNode } from "react";

export const INPUT = "mt-1 block w-full min-w-0 rounded-md border border-slate-300 px-3 py-2";

export function fieldId(name: string): string {
  return `pb-${name.replace(/\./g, "-")}`;
}

function Label({ id, label, hint }: { id: string; label: string; hint?: string }) {
  return (
    <label htmlFor={id} className="block text-sm font-medium">
      {label}
      {hint ? <span className="font-normal text-slate-600"> ({hint})</span> : null}
    </label>
  );
}

export function ErrorLine({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
      {error}
    </p>
  );
}

const aria = (id: string, error?: string) => ({
  "aria-invalid": error ? true : undefined,
  "aria-describedby": error ? `${id}-error` : undefined,
});

export function TextField({
  name,
  label,
  value,
  onChange,
  error,
  hint,
  multiline = false,
  className,
  ...input
}: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  multiline?: boolean;
  className?: string;
  type?: string;
  inputMode?: "numeric" | "url" | "text";
  maxLength?: number;
  min?: number;
  required?: boolean;
  autoComplete?: string;
}) {
  const id = fieldId(name);
  return (
    <div className={`min-w-0 ${className ?? ""}`}>
      <Label id={id} label={label} hint={hint} />
      {multiline ? (
        <textarea
          id={id}
          rows={3}
          value={value}
          maxLength={input.maxLength}
          onChange={(e) => onChange(e.target.value)}
          className={INPUT}
          {...aria(id, error)}
        />
      ) : (
        <input
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          className={INPUT}
          autoComplete="off"
          {...input}
          {...aria(id, error)}
        />
      )}
      <ErrorLine id={id} error={error} />
    </div>
  );
}

export function SelectField({
  name,
  label,
  value,
  onChange,
  options,
  error,
  className,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
  error?: string;
  className?: string;
}) {
  const id = fieldId(name);
  return (
    <div className={`min-w-0 ${className ?? ""}`}>
      <Label id={id} label={label} />
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={INPUT} {...aria(id, error)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorLine id={id} error={error} />
    </div>
  );
}

export function CheckboxField({
  name,
  label,
  hint,
  checked,
  onChange,
  error,
}: {
  name: string;
  label: ReactNode;
  hint?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string;
}) {
  const id = fieldId(name);
  return (
    <div className="min-w-0">
      <div className="flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          className="mt-1 h-4 w-4 shrink-0"
          {...aria(id, error)}
        />
        <label htmlFor={id} className="text-sm">
          <span className="font-medium">{label}</span>
          {hint ? <span className="block text-slate-600">{hint}</span> : null}
        </label>
      </div>
      <ErrorLine id={id} error={error} />
    </div>
  );
}

/**
 * Removing asks first: the button opens a question whose button removes. Nothing is
 * stored until the draft is saved, but a stage holds a lot of work to lose by a slip.
 */
export function ConfirmRemove({
  label,
  question,
  yes,
  onConfirm,
  className = "",
}: {
  /** The closed button's name for screen readers: 'Remove stage "Purchase"'. */
  label: string;
  question: string;
  yes: string;
  onConfirm: () => void;
  /** For its place in a row, e.g. "ml-auto" so the question opens within the screen when the row wraps. */
  className?: string;
}) {
  return (
    <details className={`relative text-sm ${className}`}>
      <summary
        aria-label={label}
        className="inline-block cursor-pointer list-none rounded-md border border-slate-300 bg-white px-3 py-1.5 text-red-700 hover:bg-red-50 [&::-webkit-details-marker]:hidden"
      >
        Remove
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-64 max-w-[calc(100vw-2rem)] space-y-2 rounded-md border border-red-200 bg-red-50 p-3 shadow-lg">
        <p className="text-slate-800">{question}</p>
        <button
          type="button"
          onClick={(e) => {
            e.currentTarget.closest("details")?.removeAttribute("open");
            onConfirm();
          }}
          className="rounded-md bg-red-700 px-3 py-1.5 font-semibold text-white hover:bg-red-800"
        >
          {yes}
        </button>
      </div>
    </details>
  );
}
