import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { env } from "@/lib/env";
import { LoginForm } from "@/components/layout/login-form";

export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = params.callbackUrl?.startsWith("/") && !params.callbackUrl.startsWith("//") ? params.callbackUrl : "/";
  if (await getCurrentUser()) redirect(callbackUrl);
  const e = env();
  return <LoginForm callbackUrl={callbackUrl} ssoEnabled={Boolean(e.OIDC_ISSUER && e.OIDC_CLIENT_ID)} initialError={params.error} />;
}
