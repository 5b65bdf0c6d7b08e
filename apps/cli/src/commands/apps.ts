import { detectApps, listProfiles } from "@ml/library";
import { EXIT } from "../cli-error.js";
import type { Context } from "../context.js";

/** `mlib apps`: the apps mlib can link into, and the installs found at their usual places. */
export async function appsCommand(ctx: Context): Promise<number> {
  const home = ctx.env.HOME;
  const detected = await detectApps(ctx.env, home);
  const profiles = listProfiles().map((p) => ({ id: p.id, name: p.name, target: p.target }));
  if (ctx.json) {
    ctx.result({ profiles, detected });
    return EXIT.ok;
  }
  for (const p of profiles) {
    const found = detected.filter((d) => d.app === p.id);
    const where = found.length ? found.map((d) => d.target).join(", ") : ctx.paint("dim", "not found");
    ctx.out(`${p.id.padEnd(10)} ${p.name.padEnd(18)} ${where}`);
  }
  ctx.out(ctx.paint("dim", "→ mlib link APP --target DIR [--dry-run] makes the library visible in an app"));
  return EXIT.ok;
}
