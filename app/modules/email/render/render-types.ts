// What a renderer is given (an outbox row, its parsed payload, the shared
// settings) and what it gives back.
import type { EmailKind, Role } from "#db/schema";
import type { EmailPayload } from "../email-payloads";

export interface EmailContext {
  appUrl: string;
  productName: string;
  vendorName: string;
  /** The workspace's brand colour, "#rrggbb"; null for the emails' own blue. */
  brandColour: string | null;
  /** The workspace's logo at a versioned address; null without a logo. */
  logoUrl: string | null;
  /** "Name <address>" */
  from: string;
  /** Signs the links in emails and unseals one-time tokens. */
  secret: Buffer;
}

export interface OutboxEmailToRender {
  id: string;
  kind: EmailKind;
  payload: unknown;
  created_at: Date;
  recipient_user_id: string | null;
  recipient_name: string | null;
  recipient_role: Role | null;
}

export interface RenderInput<K extends EmailKind> {
  payload: EmailPayload<K>;
  row: OutboxEmailToRender;
  ctx: EmailContext;
}

export interface RenderedBody {
  subject: string;
  html: string;
  text: string;
}

export type Renderer<K extends EmailKind> = (input: RenderInput<K>) => Promise<RenderedBody>;
