export default function Loading() {
  return <p className="animate-pulse text-gray-500" role="status">Loading…</p>;
}
