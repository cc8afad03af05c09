// Links to each published version of a playbook and to its draft, the one shown marked as current.
import { Link } from "@remix-run/react";

interface Props {
  /** The page's path without a query. */
  base: string;
  /** Newest first. */
  versions: { number: number }[];
  shown: { kind: "version"; number: number } | { kind: "draft" };
  /** Extra query to keep, e.g. the stage being edited. */
  keep?: string;
}

export function PlaybookStateNav({ base, versions, shown, keep }: Props) {
  const link = (query: string) => `${base}?${[query, keep].filter(Boolean).join("&")}`;
  const item = "rounded-md px-2 py-1 underline-offset-2";
  const current = `${item} bg-brand-600 font-semibold text-white`;
  const other = `${item} text-brand-700 underline hover:bg-brand-50`;
  return (
    <nav aria-label="Versions" className="text-sm">
      <ul className="flex flex-wrap items-center gap-1">
        {versions.map((v, i) => {
          const isShown = shown.kind === "version" && shown.number === v.number;
          return (
            <li key={v.number}>
              <Link
                to={link(`version=${v.number}`)}
                className={isShown ? current : other}
                aria-current={isShown ? "page" : undefined}
              >
                Version {v.number}
                {i === 0 ? " (latest)" : ""}
              </Link>
            </li>
          );
        })}
        <li>
          <Link
            to={link("draft=1")}
            className={shown.kind === "draft" ? current : other}
            aria-current={shown.kind === "draft" ? "page" : undefined}
          >
            Draft
          </Link>
        </li>
      </ul>
    </nav>
  );
}
