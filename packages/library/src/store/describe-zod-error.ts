import type { z } from "zod";

/** One line naming the first few problems: `files.0.sha256: must be 64 lowercase hex digits; ...`. */
export function describeZodError(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.map(String).join(".");
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - shown.length;
  return shown.join("; ") + (more > 0 ? `; and ${more} more` : "");
}
