/** The model's kernel profiles: features as data, lines, errno rules, and version resolution. */
export { ERRNO_RULES, type Errno, type ErrnoRule, errnoFor, type RejectionKind } from "./errno.js";
export {
  compareVersions,
  FEATURE_NAMES,
  FEATURES,
  type FeatureInfo,
  type FeatureName,
  featureInVersion,
  type SourceRef,
} from "./features.js";
export { LINE_IDS, LINES, type LineId, type LineInfo, lineFeatures } from "./lines.js";
export { buildProfile, type Profile, type Toggle } from "./profile.js";
export { lineForVersion, parseToggles, resolveProfile } from "./resolve.js";
