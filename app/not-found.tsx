import Link from "next/link";

export default function NotFound() {
  return (
    <div className="max-w-xl">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="mt-2 text-muted-foreground">There is nothing here, or it is outside the districts you can see.</p>
      <Link href="/" className="mt-3 inline-block text-primary hover:underline">
        Back to problems
      </Link>
    </div>
  );
}
