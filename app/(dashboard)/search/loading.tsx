// Shown while the page loads.
export { PageSkeleton as default } from "@/components/ui/page-skeleton";
