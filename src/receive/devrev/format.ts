import type { DevrevUserSummary, DevrevWork } from "../../core/schemas/devrev.ts";

/** "issue" → "Issue"; types DevRev adds later read sensibly too. */
export function typeName(type: string): string {
  const words = type.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A person as DevRev shows them: full name, else handle, else id. */
export function personName(user: DevrevUserSummary): string {
  return user.full_name || user.display_name || user.display_id || user.id;
}

/** "ISS-42", or the full id when the work item has no display id. */
export function workName(work: Pick<DevrevWork, "id" | "display_id">): string {
  return work.display_id ?? work.id;
}
