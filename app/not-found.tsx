import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto mt-24 max-w-md text-center">
      <h1 className="text-2xl font-semibold">404 — not found</h1>
      <p className="mt-2 text-slate-600">There is nothing at this address.</p>
      <Link className="btn mt-6" href="/">
        Back to the overview
      </Link>
    </main>
  );
}
