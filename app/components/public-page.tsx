import type { ReactNode } from "react";
import { BrandMark } from "./brand";

/** The frame of pages reached from an email without signing in. */
export function PublicPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md">
        <p className="text-center">
          <BrandMark />
        </p>
        <div className="mt-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-xl font-bold tracking-tight">{title}</h1>
          <div className="mt-3 space-y-4 text-sm text-slate-700">{children}</div>
        </div>
      </div>
    </main>
  );
}
