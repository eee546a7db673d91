import { requirePage } from "@/lib/auth/require-page";
import { PageHeader } from "@/components/ui/page-header";
import { UsersAdmin } from "@/components/users/users-admin";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requirePage("/settings/users");
  return (
    <>
      <PageHeader title="Users" description="Who can sign in, and what each role lets them do." />
      <UsersAdmin canWrite={user.permissions.includes("users:write")} />
    </>
  );
}
