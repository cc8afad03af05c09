// A fake of Resend's HTTP API for tests: the real SDK talks to it over real
// HTTP (RESEND_BASE_URL). It records every request and, like Resend, answers a
// repeated idempotency key with the first answer instead of sending again.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, any>;
}

export interface ScriptedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer: lets a client's timeout fire. */
  hang?: boolean;
}

export interface FakeResend {
  url: string;
  requests: RecordedRequest[];
  /** Emails actually accepted for sending, one per idempotency key. */
  delivered: { id: string; key: string | undefined; body: Record<string, any> }[];
  /** Answers for the next requests, in order; afterwards requests succeed. */
  script(...responses: ScriptedResponse[]): void;
  close(): Promise<void>;
}

export async function startFakeResend(): Promise<FakeResend> {
  const requests: RecordedRequest[] = [];
  const delivered: FakeResend["delivered"] = [];
  const byKey = new Map<string, string>();
  const queue: ScriptedResponse[] = [];
  const hanging = new Set<http.ServerResponse>();
  let next = 1;

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      let body: Record<string, any> = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        body = { unparseable: raw };
      }
      requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "Content-Type": "application/json", ...headers });
        res.end(JSON.stringify(payload));
      };
      if (req.method !== "POST" || req.url !== "/emails")
        return reply(404, { statusCode: 404, name: "not_found", message: "Not found" });
      if (!String(req.headers.authorization ?? "").startsWith("Bearer re_")) {
        return reply(401, { statusCode: 401, name: "missing_api_key", message: "Missing API key" });
      }
      const scripted = queue.shift();
      if (scripted?.hang) {
        hanging.add(res);
        return;
      }
      if (scripted) return reply(scripted.status, scripted.body ?? {}, scripted.headers);
      const key = req.headers["idempotency-key"] as string | undefined;
      const known = key ? byKey.get(key) : undefined;
      if (known) return reply(200, { id: known });
      const id = `fake_${next++}`;
      if (key) byKey.set(key, id);
      delivered.push({ id, key, body });
      reply(200, { id });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    delivered,
    script: (...responses) => queue.push(...responses),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
