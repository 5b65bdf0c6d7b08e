export { type ApplyPlanOptions, applyPlan } from "./apply-plan.js";
export { type CheckLinksOptions, checkLinks, type LinkHealth } from "./check-links.js";
export { type CustomProfileSpec, customProfile } from "./custom-profile.js";
export { type DetectedApp, detectApps } from "./detect-apps.js";
export { formatPlan } from "./format-plan.js";
export { getProfile, listProfiles } from "./get-profile.js";
export type { LinkStatus } from "./inspect-link.js";
export { type JsonLinkRegistry, openJsonLinkRegistry } from "./json-link-registry.js";
export type {
  ConfigEntry,
  LinkFilter,
  LinkKind,
  LinkMethod,
  LinkRecord,
  LinkRegistry,
} from "./link-record.js";
export { MapperError, type MapperErrorCode } from "./mapper-error.js";
export { matchRule } from "./match-rule.js";
export { matchesFilter } from "./matches-filter.js";
export type { MapperFile, MapperModel, ModelType } from "./model.js";
export type {
  AppliedAction,
  ApplyResult,
  LinkProbe,
  LinkSpec,
  Plan,
  PlanAction,
  PlanActionType,
  SkippedModel,
  Strategy,
} from "./plan.js";
export { type PlanLinksOptions, planLinks } from "./plan-links.js";
export { type ProbeCache, probeLinkSupport } from "./probe-link-support.js";
export type { AppProfile, DetectSpec, MatchValue, ProfileRule, RuleMatch } from "./profile.js";
export { removeLinks } from "./remove-links.js";
export { removeModelLinks } from "./remove-model-links.js";
export {
  type RepairLinksOptions,
  type RepairOutcome,
  type RepairResult,
  repairLinks,
} from "./repair-links.js";
