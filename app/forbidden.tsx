import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto mt-24 max-w-md text-center">
      <h1 className="text-2xl font-semibold">403 — not allowed</h1>
      <p className="mt-2 text-slate-600">Your role does not give you access to this page.</p>
      <Link className="btn mt-6" href="/">
        Back to the overview
      </Link>
    </main>
  );
}
