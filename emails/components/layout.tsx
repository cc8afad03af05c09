// Owns what every Waypoint email shares: the frame (header, footer with the
// reason and opt-out links), the button and text styles, and date/due wording.

import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Img,
  Link,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import { type CSSProperties, createContext, type ReactNode, useContext } from "react";
import type { EmailChrome, StageMilestoneLine } from "./props";

// No default export on purpose: the react-email preview lists every .tsx file
// with a default export as a template, and this file is not one.

const font = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

export const colors = {
  ink: "#1f2933",
  muted: "#616e7c",
  line: "#e4e7eb",
  accent: "#2457c5",
  danger: "#b42318",
  page: "#f5f7fa",
  card: "#ffffff",
} as const;

// Inline style objects rather than Tailwind: many email clients drop <style>
// blocks, and inline styles are what react-email emits anyway.
export const styles = {
  body: { backgroundColor: colors.page, margin: 0, padding: "24px 0", fontFamily: font },
  // Fluid up to 560px so the same markup reads well on a phone and on desktop.
  container: {
    maxWidth: "560px",
    width: "100%",
    margin: "0 auto",
    backgroundColor: colors.card,
    border: `1px solid ${colors.line}`,
    borderRadius: "8px",
  },
  header: { padding: "20px 24px 12px", borderBottom: `1px solid ${colors.line}` },
  brand: { margin: 0, fontSize: "15px", lineHeight: "22px", color: colors.ink, fontWeight: 600 },
  brandProduct: { color: colors.muted, fontWeight: 400 },
  content: { padding: "8px 24px 24px" },
  eyebrow: {
    margin: "16px 0 0",
    fontSize: "12px",
    lineHeight: "18px",
    letterSpacing: "0.04em",
    textTransform: "uppercase",
    color: colors.muted,
  },
  h1: { margin: "4px 0 12px", fontSize: "24px", lineHeight: "32px", color: colors.ink, fontWeight: 700 },
  h2: { margin: "24px 0 8px", fontSize: "17px", lineHeight: "24px", color: colors.ink, fontWeight: 600 },
  p: { margin: "0 0 12px", fontSize: "15px", lineHeight: "24px", color: colors.ink },
  callout: {
    margin: "0 0 12px",
    padding: "12px 16px",
    fontSize: "15px",
    lineHeight: "24px",
    color: colors.ink,
    backgroundColor: colors.page,
    borderLeft: `3px solid ${colors.accent}`,
  },
  item: { margin: "0 0 12px" },
  itemTitle: { margin: 0, fontSize: "15px", lineHeight: "22px", color: colors.ink, fontWeight: 600 },
  itemMeta: { margin: 0, fontSize: "13px", lineHeight: "20px", color: colors.muted },
  overdue: { color: colors.danger, fontWeight: 600 },
  link: { color: colors.accent, textDecoration: "underline" },
  smallLink: { color: colors.accent, textDecoration: "underline", fontSize: "13px" },
  buttonRow: { margin: "24px 0 8px" },
  button: {
    backgroundColor: colors.accent,
    color: "#ffffff",
    borderRadius: "6px",
    padding: "12px 20px",
    fontSize: "15px",
    fontWeight: 600,
    textDecoration: "none",
  },
  hr: { borderColor: colors.line, margin: 0 },
  footer: { padding: "16px 24px 20px" },
  footerText: { margin: "0 0 8px", fontSize: "12px", lineHeight: "18px", color: colors.muted },
  footerLink: { color: colors.muted, textDecoration: "underline" },
} satisfies Record<string, CSSProperties>;

// The workspace's brand colour reaches buttons and links through context: the
// style objects above are shared constants, and every template renders inside
// EmailLayout, which provides it.
const Accent = createContext<string>(colors.accent);

/** The accent colour of the email being rendered: the brand colour, or the default blue. */
export function useAccent(): string {
  return useContext(Accent);
}

/** A style with the accent colour in place of the default one. */
export function accented(style: CSSProperties, accent: string): CSSProperties {
  return Object.fromEntries(
    Object.entries(style).map(([k, v]) => [k, typeof v === "string" ? v.replace(colors.accent, accent) : v]),
  );
}

/**
 * EmailChrome with `settingsUrl` optional: emails one cannot opt out of (sign-in
 * links, invitations) go to people who may have no account or settings yet, so
 * their footer shows only the reason.
 */
export type LayoutChrome = Omit<EmailChrome, "settingsUrl"> & { settingsUrl?: string };

interface LayoutProps {
  /** A template's whole props object does, since every props type extends EmailChrome. */
  chrome: LayoutChrome;
  /** The inbox preview line; hidden in the body and skipped in the text part. */
  preview: string;
  children: ReactNode;
}

export function EmailLayout({ chrome, preview, children }: LayoutProps) {
  return (
    <Accent.Provider value={chrome.brandColour ?? colors.accent}>
      <Html lang="en">
        <Head>
          {/* Tells clients this is a light design, so dark-mode inversion stays predictable. */}
          <meta name="color-scheme" content="light" />
          <meta name="supported-color-schemes" content="light" />
        </Head>
        <Preview>{preview}</Preview>
        <Body style={styles.body}>
          <Container style={styles.container}>
            <Section style={styles.header}>
              {chrome.logoUrl ? (
                // Height only: the logo keeps its proportions; alt is empty since the name follows.
                <Img src={chrome.logoUrl} alt="" height="32" style={{ display: "block", marginBottom: "8px" }} />
              ) : null}
              <Text style={styles.brand}>
                {chrome.vendorName} <span style={styles.brandProduct}>· {chrome.productName}</span>
              </Text>
            </Section>
            <Section style={styles.content}>{children}</Section>
            <Hr style={styles.hr} />
            <Section style={styles.footer}>
              <Text style={styles.footerText}>{chrome.reason}</Text>
              {chrome.settingsUrl || chrome.unsubscribeUrl ? (
                <Text style={styles.footerText}>
                  {chrome.settingsUrl ? (
                    <Link href={chrome.settingsUrl} style={styles.footerLink}>
                      Change which emails you get
                    </Link>
                  ) : null}
                  {chrome.unsubscribeUrl ? (
                    <>
                      {chrome.settingsUrl ? " · " : null}
                      <Link href={chrome.unsubscribeUrl} style={styles.footerLink}>
                        Unsubscribe
                      </Link>
                    </>
                  ) : null}
                </Text>
              ) : null}
            </Section>
          </Container>
        </Body>
      </Html>
    </Accent.Provider>
  );
}

export function Greeting({ name }: { name: string }) {
  return <Text style={styles.p}>{`Hi ${name},`}</Text>;
}

export function Title({ children }: { children: ReactNode }) {
  return (
    <Heading as="h1" style={styles.h1}>
      {children}
    </Heading>
  );
}

export function Subtitle({ children }: { children: ReactNode }) {
  return (
    <Heading as="h2" style={styles.h2}>
      {children}
    </Heading>
  );
}

export function PrimaryButton({ href, children }: { href: string; children: ReactNode }) {
  const accent = useAccent();
  return (
    <Section style={styles.buttonRow}>
      <Button href={href} style={accented(styles.button, accent)}>
        {children}
      </Button>
    </Section>
  );
}

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayFormat = new Intl.DateTimeFormat("en-US", {
  weekday: "short",
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});

/**
 * "2026-12-01" -> "Tue, Dec 1". Due dates are calendar days, not instants:
 * `new Date("2026-12-01")` would be midnight UTC and show as Nov 30 west of
 * Greenwich, so the parts are read by hand and formatted in UTC.
 */
export function formatDay(ymd: string): string {
  const m = YMD.exec(ymd);
  if (!m) return ymd;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return Number.isNaN(date.getTime()) ? ymd : dayFormat.format(date);
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Sign convention follows NudgeItem.daysOverdue: positive is late, negative is ahead. */
export function dueLabel(daysOverdue: number): string {
  if (daysOverdue > 0) return `Overdue by ${plural(daysOverdue, "day", "days")}`;
  if (daysOverdue === 0) return "Due today";
  if (daysOverdue === -1) return "Due tomorrow";
  return `Due in ${plural(-daysOverdue, "day", "days")}`;
}

/** "Acme Cloud's", "Northwind Traders'": the possessive English writes. */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

/**
 * A link in the accent colour. Templates render EmailLayout rather than sit
 * inside it, so the accent is read here, below the layout's provider.
 */
export function AccentLink({ href, small, children }: { href: string; small?: boolean; children: ReactNode }) {
  const accent = useAccent();
  return (
    <Link href={href} style={accented(small ? styles.smallLink : styles.link, accent)}>
      {children}
    </Link>
  );
}

/** A highlighted paragraph with a bar in the accent colour. */
export function Callout({ children }: { children: ReactNode }) {
  const accent = useAccent();
  return <Text style={accented(styles.callout, accent)}>{children}</Text>;
}

/** One entry of a list: its title linked, then a line of details under it. */
export function LinkedItem({ href, title, children }: { href: string; title: string; children: ReactNode }) {
  const accent = useAccent();
  return (
    <Section style={styles.item}>
      <Text style={styles.itemTitle}>
        <Link href={href} style={accented(styles.link, accent)}>
          {title}
        </Link>
      </Text>
      <Text style={styles.itemMeta}>{children}</Text>
    </Section>
  );
}

/** A stage's milestones under a heading: title, then owner, due date and "optional". */
export function MilestoneList({ heading, milestones }: { heading: string; milestones: StageMilestoneLine[] }) {
  return (
    <>
      <Subtitle>{heading}</Subtitle>
      {milestones.map((m, i) => (
        <Section key={i} style={styles.item}>
          <Text style={styles.itemTitle}>{m.title}</Text>
          <Text style={styles.itemMeta}>
            {`${m.ownerLabel} · due ${formatDay(m.dueOn)}${m.required ? "" : " · optional"}`}
          </Text>
        </Section>
      ))}
    </>
  );
}
