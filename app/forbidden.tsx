import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="max-w-xl">
      <h1 className="text-lg font-semibold">Not allowed</h1>
      <p className="mt-2 text-muted-foreground">
        Your role does not give access to this page. Ask an administrator if you need it.
      </p>
      <Link href="/" className="mt-3 inline-block text-primary hover:underline">
        Back to problems
      </Link>
    </div>
  );
}
