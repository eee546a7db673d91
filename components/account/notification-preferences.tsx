"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { apiFetch } from "@/lib/http/api-client";
import { ErrorBox } from "@/components/ui/error-box";
import type { NotificationPreferencesResponse, UpdateNotificationPreferencesBody } from "@/lib/notifications/schema";

const KEY = ["me", "notification-preferences"] as const;

/**
 * The reviewer's own choice of how to hear of new requests for their team (and of expiry warnings and
 * escalations): a browser notification while a Warden tab is open in the background, e-mail, and/or one of
 * the admin's Slack-compatible webhook channels. E-mail and webhook messages carry one-time approve/deny links.
 */
export function NotificationPreferences() {
  const qc = useQueryClient();
  const prefs = useQuery({ queryKey: KEY, queryFn: () => apiFetch<NotificationPreferencesResponse>("/api/me/notification-preferences") });
  const [form, setForm] = useState<UpdateNotificationPreferencesBody | null>(null);
  const [permission, setPermission] = useState<string>("default");
  useEffect(() => {
    if (prefs.data && !form) setForm({ browser: prefs.data.browser, email: prefs.data.email, webhookChannelId: prefs.data.webhookChannelId });
  }, [prefs.data, form]);
  useEffect(() => setPermission(typeof Notification === "undefined" ? "unsupported" : Notification.permission), []);
  const save = useMutation({
    mutationFn: (body: UpdateNotificationPreferencesBody) => apiFetch<NotificationPreferencesResponse>("/api/me/notification-preferences", { method: "PUT", body }),
    onSuccess: (data) => qc.setQueryData(KEY, data),
  });
  if (prefs.error) return <ErrorBox error={prefs.error} />;
  if (!prefs.data || !form) return <p className="text-sm text-slate-500">Loading notification preferences…</p>;
  return (
    <section className="card space-y-3" aria-labelledby="notification-preferences-title">
      <h2 id="notification-preferences-title" className="text-base font-semibold">
        Approval notifications
      </h2>
      <p className="text-sm text-slate-600">How you hear of requests waiting for your team, of requests about to expire, and of escalations to your team. Each one links to the request.</p>
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(form);
        }}
      >
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={form.browser} onChange={(e) => setForm({ ...form, browser: e.target.checked })} />
          Browser notification (while a Warden tab is open in the background)
        </label>
        {form.browser && permission !== "granted" && permission !== "unsupported" && (
          <button type="button" className="btn text-xs" onClick={() => void Notification.requestPermission().then(setPermission)}>
            Allow notifications in this browser
          </button>
        )}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={form.email} disabled={!prefs.data.emailAvailable && !form.email} onChange={(e) => setForm({ ...form, email: e.target.checked })} />
          E-mail, with one-time approve and deny links{prefs.data.emailAvailable ? "" : " (not available: this Warden has no SMTP_URL)"}
        </label>
        <label className="block text-sm" htmlFor="notify-webhook">
          Slack or webhook channel
        </label>
        <select
          id="notify-webhook"
          className="input"
          value={form.webhookChannelId ?? ""}
          onChange={(e) => setForm({ ...form, webhookChannelId: e.target.value || null })}
        >
          <option value="">None</option>
          {prefs.data.webhookChannels.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.type})
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          Save notification preferences
        </button>
        {save.isSuccess && !save.isPending && (
          <p role="status" className="text-sm text-slate-600">
            Saved.
          </p>
        )}
        <ErrorBox error={save.error} />
      </form>
    </section>
  );
}
