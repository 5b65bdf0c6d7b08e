import type { LinkMethod } from "./link-record.js";
import type { LinkProbe, Strategy } from "./plan.js";
import type { AppProfile } from "./profile.js";

/**
 * Methods to try, in order, for a link the probe describes: `auto` (and config mode's link farm)
 * keeps the profile's order minus what the probe refused; a forced method is all or nothing.
 */
export function chooseMethods(
  strategy: Strategy,
  profile: AppProfile,
  probe: LinkProbe,
): { methods: LinkMethod[] } | { unsupported: string } {
  const works = (m: LinkMethod) => m === "copy" || probe[m];
  if (strategy === "auto" || strategy === "config") return { methods: profile.methods.filter(works) };
  if (works(strategy)) return { methods: [strategy] };
  const why = probe.reasons[strategy] ?? "refused";
  return {
    unsupported: `${strategy} impossible into ${probe.dir} (${why}${why === "EXDEV" ? ": another file system" : ""})`,
  };
}
