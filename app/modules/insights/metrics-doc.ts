// docs/metrics.md as HTML for the staff's definitions page (issue 13 §4): headings get ids so each
// insights panel can link to its definition, raw HTML in the doc is shown as text, and every table
// sits in its own named scroll region so a phone scrolls the table, not the page.
import { Marked, type Tokens } from "marked";

export interface MetricsDoc {
  html: string;
  /** Every heading's id, in document order. */
  anchors: string[];
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** A heading's id: its words in lower case joined by hyphens ("Health (per account)" -> "health-per-account"). */
export function headingId(text: string): string {
  return text
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .trim()
    .replace(/\s+/g, "-");
}

/** Links the doc may carry: pages of this site, anchors, and web addresses. Anything else is text. */
const SAFE_HREF = /^(https?:\/\/|\/(?![/\\])|#)/i;

/** Renders the doc's Markdown (GitHub flavour) to HTML; pure, so a test can feed it any text. */
export function renderMetricsDoc(markdown: string): MetricsDoc {
  const anchors: string[] = [];
  const seen = new Map<string, number>();
  const tableLabels = new Map<string, number>();
  let section = "Definitions";

  const marked = new Marked({ gfm: true, async: false });
  marked.use({
    renderer: {
      // The doc is ours, but HTML in it is still shown as written, never run.
      html(token: Tokens.HTML | Tokens.Tag) {
        return escapeHtml(token.text);
      },
      heading(token: Tokens.Heading) {
        const base = headingId(token.text) || "section";
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        const id = n === 0 ? base : `${base}-${n}`;
        anchors.push(id);
        section = token.text.replace(/`/g, "");
        return `<h${token.depth} id="${id}">${this.parser.parseInline(token.tokens)}</h${token.depth}>\n`;
      },
      link(token: Tokens.Link) {
        const text = this.parser.parseInline(token.tokens);
        if (!SAFE_HREF.test(token.href)) return text;
        return `<a href="${escapeHtml(token.href)}">${text}</a>`;
      },
      image(token: Tokens.Image) {
        return escapeHtml(token.text);
      },
      table(token: Tokens.Table) {
        // Named after the section it is in; a second table there gets a number.
        const n = (tableLabels.get(section) ?? 0) + 1;
        tableLabels.set(section, n);
        const label = `${section}: table${n > 1 ? ` ${n}` : ""}`;
        const cell = (c: Tokens.TableCell, tag: "th" | "td") =>
          `<${tag}${tag === "th" ? ' scope="col"' : ""}${c.align ? ` style="text-align:${c.align}"` : ""}>${this.parser.parseInline(c.tokens)}</${tag}>`;
        const head = `<tr>${token.header.map((c) => cell(c, "th")).join("")}</tr>`;
        const body = token.rows.map((row) => `<tr>${row.map((c) => cell(c, "td")).join("")}</tr>`).join("\n");
        return `<div class="doc-table" role="region" aria-label="${escapeHtml(label)}" tabindex="0">
<table><thead>${head}</thead><tbody>${body}</tbody></table></div>\n`;
      },
    },
  });
  const html = marked.parse(markdown) as string;
  return { html, anchors };
}
