// A signed-in page of forms: the app's frame, the way back, the title, and the
// line that answers the page's forms (id "form-answer", which its fields point at).
import type { ReactNode } from "react";
import type { FormAnswer } from "~/utils/form-answer";
import { AppShell } from "./app-shell";
import { BackLink } from "./back-link";
import { FormAnswerNotice } from "./ui/form-answer-notice";

export function FormPage({
  user,
  back,
  title,
  answer,
  children,
}: {
  user: { name: string; role: string };
  back: { to: string; label: ReactNode };
  title: ReactNode;
  answer: FormAnswer | undefined;
  children: ReactNode;
}) {
  return (
    <AppShell user={user}>
      <BackLink to={back.to}>{back.label}</BackLink>
      <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
      <FormAnswerNotice answer={answer} id="form-answer" className="mt-4" />
      {children}
    </AppShell>
  );
}
