// The embedded server's port: the one asked for, else the last run's if still
// free (so URLs stay stable), else any free one but 5432, a system PostgreSQL's.
import net from "node:net";
import { readJson } from "./data-dir";

export async function choosePort(stateFile: string, asked: number | undefined): Promise<number> {
  const port = asked ?? readJson<{ port: number }>(stateFile)?.port;
  if (port && (await isPortFree(port))) return port;
  if (asked) throw new Error(`Port ${asked} for the embedded PostgreSQL is in use`);
  return freePort();
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    if (port !== 5432) return port;
  }
}
