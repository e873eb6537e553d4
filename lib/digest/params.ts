import { z } from "zod";
import { targetIdParam } from "@/lib/http/params";
import { parseIsoWeek } from "./iso-week";

/** Query of GET /api/v1/digest: ?week=YYYY-Www (default the last finished week), ?target=, ?format=json|md. */
export const digestQuery = z.object({
  week: z
    .string()
    .transform((w, ctx) => {
      const week = parseIsoWeek(w);
      if (!week) ctx.addIssue({ code: "custom", message: "an ISO week, YYYY-Www (e.g. 2026-W47)" });
      return week ?? z.NEVER;
    })
    .optional(),
  target: targetIdParam.optional(),
  format: z.enum(["json", "md"]).default("json"),
});
