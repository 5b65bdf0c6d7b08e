import { MapperError } from "./mapper-error.js";
import type { AppProfile, ProfileRule, RuleMatch } from "./profile.js";

/** User rules for an app mlib has no profile for: the first rule that matches places the model. */
export interface CustomProfileSpec {
  rules: Array<{ match: RuleMatch; folder: string; bundle?: "always" | "multi-file" }>;
  /** Stored in link records; several custom setups need distinct ids. Default "custom". */
  id?: string;
  name?: string;
}

const MATCH_KEYS = new Set(["type", "subtype", "format", "architecture", "baseModel", "packaging", "tag"]);

function checkFolder(folder: unknown, where: string): string {
  if (typeof folder !== "string") throw new MapperError("BAD_PROFILE", `${where}: "folder" must be a string`);
  const parts = folder.split(/[\\/]/);
  if (folder.startsWith("/") || /^[A-Za-z]:/.test(folder) || folder.startsWith("\\")) {
    throw new MapperError("BAD_PROFILE", `${where}: folder "${folder}" must be relative to the target`);
  }
  if (parts.includes("..")) {
    throw new MapperError(
      "BAD_PROFILE",
      `${where}: folder "${folder}" must not climb out of the target (..)`,
    );
  }
  return parts.filter((p) => p !== "" && p !== ".").join("/");
}

function checkMatch(match: unknown, where: string): RuleMatch {
  if (typeof match !== "object" || match === null || Array.isArray(match)) {
    throw new MapperError("BAD_PROFILE", `${where}: "match" must be an object`);
  }
  for (const [key, value] of Object.entries(match)) {
    if (!MATCH_KEYS.has(key)) {
      throw new MapperError(
        "BAD_PROFILE",
        `${where}: unknown match field "${key}" (use ${[...MATCH_KEYS].join(", ")})`,
      );
    }
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0 || values.some((v) => v !== null && typeof v !== "string")) {
      throw new MapperError("BAD_PROFILE", `${where}: match.${key} must be a string, null or a list of them`);
    }
  }
  return match as RuleMatch;
}

/** A profile from user rules (`{ rules: [{ match: {type: "lora"}, folder: "loras" }] }`), checked. */
export function customProfile(spec: CustomProfileSpec): AppProfile {
  if (!spec || !Array.isArray(spec.rules) || spec.rules.length === 0) {
    throw new MapperError("BAD_PROFILE", 'custom profile: "rules" must be a non-empty list');
  }
  const rules: ProfileRule[] = spec.rules.map((rule, i) => {
    const where = `custom profile rule ${i + 1}`;
    if (rule.bundle !== undefined && rule.bundle !== "always" && rule.bundle !== "multi-file") {
      throw new MapperError("BAD_PROFILE", `${where}: "bundle" must be "always" or "multi-file"`);
    }
    return {
      match: checkMatch(rule.match, where),
      folder: checkFolder(rule.folder, where),
      bundle: rule.bundle ?? "multi-file",
    };
  });
  const id = spec.id ?? "custom";
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(id)) {
    throw new MapperError(
      "BAD_PROFILE",
      `custom profile: id "${id}" must be lowercase letters, digits, - or _`,
    );
  }
  return {
    id,
    name: spec.name ?? "Custom",
    target: "any folder",
    layout: "folders",
    methods: ["reflink", "hardlink", "symlink", "copy"],
    rules,
  };
}
