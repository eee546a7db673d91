import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { TimeZonePreference } from "@/components/account/time-zone-preference";
import { NotificationPreferences } from "@/components/account/notification-preferences";

export const metadata = { title: "Your account" };

// The signed-in person's own settings, one section each: their clock (time zone) first.
export default async function AccountPage() {
  const user = await requirePage("/account");
  return (
    <>
      <PageHeader title="Your account" description={`Settings for ${user.email}, for you only.`} />
      <div className="grid max-w-2xl gap-6">
        <TimeZonePreference initial={user.timeZone ?? "browser"} />
        {user.permissions.includes("approvals:decide") && <NotificationPreferences />}
      </div>
    </>
  );
}
