import type { LinksFunction, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
} from "@remix-run/react";
import type { CSSProperties, ReactNode } from "react";
import { pageTitle, useBrand } from "./components/brand";
import { useNonce } from "./components/nonce";
import { loadBrand } from "./server/brand.server";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches) }];

/** Every page shows the vendor's name, logo and colour (workspace settings). */
export async function loader() {
  return { brand: await loadBrand() };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const brand = useBrand();
  return (
    // The brand shades as CSS variables; the stylesheet's :root holds the default blue.
    <html lang="en" style={(brand.cssVars ?? undefined) as CSSProperties | undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // A 400 from a loader (a bad value in the address) carries the words that say what is wrong.
  const said =
    isRouteErrorResponse(error) && typeof error.data?.message === "string" ? (error.data.message as string) : null;
  const title =
    status === 400
      ? "Something in the address is not right"
      : status === 404
        ? "We could not find that page"
        : status === 403
          ? "That action is not allowed"
          : "Something went wrong";
  const detail =
    status === 400 && said
      ? said
      : status === 404
        ? "It may have moved, or you may not have access to it."
        : status === 403
          ? "Reload the page and try again."
          : "Please try again in a moment. If it keeps happening, tell your customer success team.";
  return (
    <main className="mx-auto max-w-lg px-4 py-24 text-center">
      <p className="text-sm font-semibold text-brand-600">{status}</p>
      <h1 className="mt-2 text-2xl font-bold">{title}</h1>
      <p className="mt-3 text-slate-600">{detail}</p>
      <Link to="/" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-white hover:bg-brand-700">
        Go to your home page
      </Link>
    </main>
  );
}
