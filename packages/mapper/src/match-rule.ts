import type { MapperModel } from "./model.js";
import type { AppProfile, MatchValue, ProfileRule, RuleMatch } from "./profile.js";

function matchesValue(expected: MatchValue | undefined, actual: string | null | undefined): boolean {
  if (expected === undefined) return true;
  const options = Array.isArray(expected) ? expected : [expected as string | null];
  const value = actual ?? null;
  return options.some((option) => {
    if (option === null) return value === null;
    if (option === "*") return value !== null;
    return value !== null && option.toLowerCase() === value.toLowerCase();
  });
}

/** True when `model` satisfies every field of `match`. */
export function matchRule(match: RuleMatch, model: MapperModel): boolean {
  if (match.tag !== undefined) {
    const wanted = (Array.isArray(match.tag) ? match.tag : [match.tag]).map((t) => t.toLowerCase());
    if (!model.tags.some((t) => wanted.includes(t.toLowerCase()))) return false;
  }
  return (
    matchesValue(match.type, model.type) &&
    matchesValue(match.subtype, model.subtype) &&
    matchesValue(match.format, model.format) &&
    matchesValue(match.architecture, model.architecture) &&
    matchesValue(match.baseModel, model.baseModel) &&
    matchesValue(match.packaging, model.packaging)
  );
}

/** The first rule of `profile` that matches `model`, or undefined. */
export function findRule(profile: AppProfile, model: MapperModel): ProfileRule | undefined {
  return profile.rules.find((rule) => matchRule(rule.match, model));
}
