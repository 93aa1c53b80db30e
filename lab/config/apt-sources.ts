/**
 * The machine's apt sources (one-line sources.list entries and deb822 .sources stanzas) and the
 * Debian archives they name. One parser serves the lab: it lives with the images code that
 * downloads from the archive (images/debian/apt-sources.ts, suites.ts); this module is the name
 * the config side and `lab doctor` use for it.
 */
export {
  type AptSource,
  parseDeb822Sources,
  parseOneLineSources,
  readAptSources,
} from "../../images/debian/apt-sources.js";
export { archivesFromSources } from "../../images/debian/suites.js";
