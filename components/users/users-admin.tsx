"use client";
import { TimeText } from "@/components/ui/time-text";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/lib/http/api-client";
import { queryKeys } from "@/lib/query-keys";
import { ROLES } from "@/lib/auth/permissions";
import type { UserView } from "@/lib/auth/user-view";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorBox } from "@/components/ui/error-box";
import { TableSkeleton } from "@/components/ui/skeleton";

type Row = Omit<UserView, "createdAt" | "lastLoginAt"> & { createdAt: string; lastLoginAt: string | null };

export function UsersAdmin({ canWrite }: { canWrite: boolean }) {
  const users = useQuery({ queryKey: queryKeys.users.list(), queryFn: () => apiFetch<{ users: Row[] }>("/api/users") });
  return (
    <div className="space-y-6">
      {canWrite && <CreateUserForm />}
      <div className="card overflow-x-auto p-0">
        {users.isPending ? (
          <div className="p-4">
            <TableSkeleton />
          </div>
        ) : users.error ? (
          <div className="p-4">
            <ErrorBox error={users.error} />
          </div>
        ) : users.data.users.length === 0 ? (
          <EmptyState title="No users yet" />
        ) : (
          <table className="table" aria-label="Users">
            <thead>
              <tr>
                <th>Email</th>
                <th>Team</th>
                <th>Roles</th>
                <th>Status</th>
                <th>Last sign-in</th>
                {canWrite && <th><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((u) => (
                <UserRow key={u.id} user={u} canWrite={canWrite} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

function UserRow({ user, canWrite }: { user: Row; canWrite: boolean }) {
  const qc = useQueryClient();
  const [roles, setRoles] = useState<string[]>(user.roles);
  const update = useMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch(`/api/users/${user.id}`, { method: "PATCH", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.users.all }),
  });
  const dirty = roles.slice().sort().join() !== user.roles.slice().sort().join();
  return (
    <tr data-testid={`user-row-${user.email}`}>
      <td className="font-medium">
        {user.email}
        {user.name && <div className="text-xs text-slate-500">{user.name}</div>}
      </td>
      <td>{user.team ?? "—"}</td>
      <td>
        {canWrite ? (
          <fieldset className="flex flex-wrap gap-x-3 gap-y-1" aria-label={`Roles of ${user.email}`}>
            {ROLES.map((r) => (
              <label key={r} className="flex items-center gap-1 text-xs">
                <input
                  type="checkbox"
                  checked={roles.includes(r)}
                  onChange={(e) => setRoles((cur) => (e.target.checked ? [...cur, r] : cur.filter((x) => x !== r)))}
                />
                {r}
              </label>
            ))}
          </fieldset>
        ) : (
          user.roles.join(", ")
        )}
        <ErrorBox error={update.error} />
      </td>
      <td>
        <span className={`rounded px-2 py-0.5 text-xs ${user.active ? "bg-emerald-50 text-emerald-700" : "bg-slate-100 text-slate-600"}`}>
          {user.active ? "active" : "deactivated"}
        </span>
      </td>
      <td className="text-xs text-slate-600">{user.lastLoginAt ? <TimeText value={user.lastLoginAt} /> : "never"}</td>
      {canWrite && (
        <td className="whitespace-nowrap text-right">
          {dirty && (
            <button className="btn btn-primary mr-2" type="button" disabled={update.isPending || roles.length === 0} onClick={() => update.mutate({ roles })}>
              Save roles
            </button>
          )}
          <button className="btn" type="button" disabled={update.isPending} onClick={() => update.mutate({ active: !user.active })}>
            {user.active ? "Deactivate" : "Reactivate"}
          </button>
        </td>
      )}
    </tr>
  );
}

function CreateUserForm() {
  const qc = useQueryClient();
  const [roles, setRoles] = useState<string[]>(["viewer"]);
  const [created, setCreated] = useState<{ email: string; password?: string } | null>(null);
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiFetch<{ user: Row; generatedPassword?: string }>("/api/users", { method: "POST", body }),
    onSuccess: (res) => {
      setCreated({ email: res.user.email, password: res.generatedPassword });
      void qc.invalidateQueries({ queryKey: queryKeys.users.all });
    },
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const str = (k: string) => String(f.get(k) ?? "").trim() || undefined;
    create.mutate({ email: str("email"), name: str("name"), team: str("team"), password: str("password"), roles });
  }
  return (
    <form className="card space-y-3" onSubmit={onSubmit} aria-label="Create user">
      <h2 className="font-semibold">Invite a user</h2>
      <div className="grid gap-3 sm:grid-cols-4">
        <div>
          <label className="label" htmlFor="new-email">Email</label>
          <input className="input" id="new-email" name="email" type="email" required />
        </div>
        <div>
          <label className="label" htmlFor="new-name">Name</label>
          <input className="input" id="new-name" name="name" />
        </div>
        <div>
          <label className="label" htmlFor="new-team">Team</label>
          <input className="input" id="new-team" name="team" />
        </div>
        <div>
          <label className="label" htmlFor="new-password">Password (optional)</label>
          <input className="input" id="new-password" name="password" type="password" autoComplete="new-password" placeholder="generated if empty" />
        </div>
      </div>
      <fieldset className="flex flex-wrap gap-4">
        <legend className="label">Roles</legend>
        {ROLES.map((r) => (
          <label key={r} className="flex items-center gap-1 text-sm">
            <input type="checkbox" name={`role-${r}`} checked={roles.includes(r)} onChange={(e) => setRoles((cur) => (e.target.checked ? [...cur, r] : cur.filter((x) => x !== r)))} />
            {r}
          </label>
        ))}
      </fieldset>
      <ErrorBox error={create.error} />
      {created && (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Created {created.email}.
          {created.password && (
            <>
              {" "}Their password, shown once: <code className="font-mono" data-testid="generated-password">{created.password}</code>
            </>
          )}
        </p>
      )}
      <button className="btn btn-primary" type="submit" disabled={create.isPending || roles.length === 0}>
        {create.isPending ? "Creating…" : "Create user"}
      </button>
    </form>
  );
}
