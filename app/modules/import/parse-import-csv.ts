// Reads an uploaded CSV into rows keyed by column, with the file's line numbers.
// csv-parse does the quoting; this only chooses the encoding and the delimiter.
import { parse } from "csv-parse/sync";
import { InputError } from "~/utils/errors.server";
import { IMPORT_COLUMNS, type ImportColumn, MAX_IMPORT_ROWS, REQUIRED_COLUMNS } from "./import-columns";

export type ImportRecord = Partial<Record<ImportColumn, string>>;
export interface ParsedRow {
  /** The row's number as a spreadsheet shows it: the header is row 1. */
  line: number;
  record: ImportRecord;
}

/**
 * Excel's plain "CSV" export is Windows-1252, not UTF-8; bytes that are not
 * valid UTF-8 are read that way, so "Müller" survives either export.
 */
function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** Excel in many European locales separates with semicolons; the header line tells. */
function delimiterOf(text: string): string {
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const count = (c: string) => header.split(c).length - 1;
  return count(";") > count(",") ? ";" : ",";
}

const normalise = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

export function parseImportCsv(input: Uint8Array | string): ParsedRow[] {
  const text = typeof input === "string" ? input : decode(input);
  if (!text.trim()) throw new InputError("The file is empty. Start from the template.", "file");
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text),
      columns: (header: string[]) => header.map(normalise),
      skip_empty_lines: true,
      // Google Sheets pads short rows and Excel trims them; both are fine.
      relax_column_count: true,
      trim: true,
    }) as Record<string, string>[];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new InputError(
      `The file could not be read as CSV${line ? ` (near line ${line})` : ""}. Save it as "CSV UTF-8" and try again.`,
      "file",
    );
  }
  if (records.length === 0) throw new InputError("The file has a header but no rows.", "file");
  const header = Object.keys(records[0]);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) {
    throw new InputError(`The file has no ${missing.join(", ")} column. Start from the template.`, "file");
  }
  if (records.length > MAX_IMPORT_ROWS) {
    throw new InputError(`The file has ${records.length} rows; import at most ${MAX_IMPORT_ROWS} at a time.`, "file");
  }
  const known = new Set<string>(IMPORT_COLUMNS);
  return records.map((record, i) => {
    const kept: ImportRecord = {};
    for (const [key, value] of Object.entries(record)) {
      if (known.has(key) && value !== "") kept[key as ImportColumn] = value;
    }
    return { line: i + 2, record: kept };
  });
}
