// "Contact your CSM" on the customer's journey: the CSM's name when the account
// has one, and the workspace's support email and meeting link.

export function ContactCsm({
  csmName,
  supportEmail,
  meetingUrl,
}: {
  csmName: string | null;
  supportEmail: string | null;
  meetingUrl: string | null;
}) {
  if (!supportEmail && !meetingUrl) return null;
  return (
    <section aria-labelledby="contact-csm" className="mt-6 rounded-xl border border-slate-200 bg-white p-5">
      <h2 id="contact-csm" className="text-lg font-semibold">
        Contact your CSM
      </h2>
      {csmName ? <p className="mt-1 text-sm text-slate-700">{`${csmName} looks after your account.`}</p> : null}
      <ul className="mt-3 flex flex-col gap-2 text-sm sm:flex-row sm:gap-6">
        {supportEmail ? (
          <li>
            Email{" "}
            <a href={`mailto:${supportEmail}`} className="break-all font-medium text-brand-700 underline">
              {supportEmail}
            </a>
          </li>
        ) : null}
        {meetingUrl ? (
          <li>
            <a
              href={meetingUrl}
              rel="noopener noreferrer"
              target="_blank"
              className="font-medium text-brand-700 underline"
            >
              Book a meeting<span className="sr-only"> (opens in a new tab)</span>
            </a>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
