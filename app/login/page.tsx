import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { loginErrorMessage } from "@/lib/auth/login-error-message";
import { safeCallbackPath } from "@/lib/auth/safe-callback-path";
import { env } from "@/lib/env";
import { LoginForm } from "@/components/layout/login-form";

export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const e = env();
  // Only a path on this site; anything that could lead elsewhere becomes "/".
  // Without one, the Overview with `from=sign-in`: a reviewer-only user with requests waiting goes on to the queue.
  const callbackUrl = params.callbackUrl === undefined ? "/?from=sign-in" : safeCallbackPath(params.callbackUrl, e.WARDEN_PUBLIC_URL ?? e.NEXTAUTH_URL);
  if (await getCurrentUser()) redirect(callbackUrl);
  // Only known messages: the text never comes from the query.
  const error = params.error === undefined ? undefined : loginErrorMessage(params.error);
  return <LoginForm callbackUrl={callbackUrl} ssoEnabled={Boolean(e.OIDC_ISSUER && e.OIDC_CLIENT_ID)} initialError={error} />;
}
