import { forbidden, redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getDecisionLink } from "@/lib/notifications/get-decision-link";
import { DecisionLinkConfirm } from "@/components/approvals/decision-link-confirm";

// The page a one-time approve/deny link opens (from e-mail or Slack). It only shows: the decision is the
// POST its button makes with the reviewer's session. Outside the dashboard shell so sign-in keeps the token.
export const metadata = { title: "Confirm a decision", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function ConfirmDecisionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const token = typeof sp.token === "string" ? sp.token.slice(0, 100) : "";
  const user = await getCurrentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(`/approvals/confirm?token=${token}`)}`);
  if (!user.permissions.includes("approvals:decide")) forbidden();
  const link = await getDecisionLink({ token, userId: user.id });
  return (
    <main className="mx-auto max-w-xl p-4">
      <DecisionLinkConfirm token={token} link={link} reviewerEmail={user.email} />
    </main>
  );
}
