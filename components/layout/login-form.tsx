"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { loginErrorMessage } from "@/lib/auth/login-error-message";

// `callbackUrl` is already a same-origin path (lib/auth/safe-callback-path.ts); `initialError` is already
// the text to show (lib/auth/login-error-message.ts).
export function LoginForm({ callbackUrl, ssoEnabled, initialError }: { callbackUrl: string; ssoEnabled: boolean; initialError?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!res || res.error) {
      setError(loginErrorMessage(res?.error));
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <main className="mx-auto mt-24 max-w-sm">
      <div className="card">
        <h1 className="mb-1 text-xl font-semibold">Sign in to Warden</h1>
        <p className="mb-4 text-sm text-slate-600">The control plane for MCP tool calls.</p>
        <form onSubmit={onSubmit} className="space-y-3" noValidate>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <div>
            <label className="label" htmlFor="email">Email</label>
            <input className="input" id="email" name="email" type="email" autoComplete="username" required autoFocus />
          </div>
          <div>
            <label className="label" htmlFor="password">Password</label>
            <input className="input" id="password" name="password" type="password" autoComplete="current-password" required />
          </div>
          {error && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
              {error}
            </p>
          )}
          <button className="btn btn-primary w-full justify-center" type="submit" disabled={pending}>
            {pending ? "Signing in…" : "Sign in"}
          </button>
        </form>
        {ssoEnabled && (
          <button className="btn mt-3 w-full justify-center" type="button" onClick={() => void signIn("oidc", { callbackUrl })}>
            Sign in with single sign-on
          </button>
        )}
      </div>
    </main>
  );
}
