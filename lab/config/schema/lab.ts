/**
 * The shape of lab.yaml: kernel images (Debian prebuilt, or source recipes), archive overrides,
 * defaults and the default job. The shape check and lab.schema.json both come from this definition.
 */
import {
  type DocumentSchema,
  int,
  list,
  listOrOne,
  type ObjectSchema,
  obj,
  oneOfStrings,
  optional,
  record,
  required,
  str,
  tagged,
} from "./dsl.js";
import { archName, ID_PATTERN } from "./scenario.js";

const version = (words: string, pattern: RegExp) => str({ numberAsText: true, pattern, words });
const debianLine = () =>
  version('a kernel version or prefix such as "6.1" or "6.1.170"', /^\d+\.\d+(\.\d+)?$/);

const patch = obj({
  file: required(str(), "the patch file, relative to lab.yaml"),
  sha256: required(
    str({ pattern: /^[0-9a-f]{64}$/, words: "a SHA256 in lower-case hex (64 digits)" }),
    "the file's pinned SHA256",
  ),
});

const config = obj({
  base: optional(
    oneOfStrings(["tinyconfig", "defconfig", "debian"]),
    "the base config [tinyconfig]; debian: the config of a Debian prebuilt image",
  ),
  debian_image: optional(
    str({ pattern: ID_PATTERN, words: "an image id" }),
    "base: debian: which prebuilt image's config",
  ),
  fragments: optional(
    listOrOne(str()),
    "config fragments merged on the base, relative to lab.yaml (images/config/ ships the lab's)",
  ),
});

const arch = () => required(archName(), "x86_64 | arm64");

/** fields every source recipe shares */
const sourceFields = {
  description: optional(str(), "what the image is for"),
  arch: arch(),
  config: optional(config, "the kernel config: a base plus fragments"),
  patches: optional(list(patch), "patches applied in order"),
  revert: optional(list(patch), "patches reverted, in reverse order"),
};

const variants: Record<string, ObjectSchema> = {
  debian: obj({
    description: optional(str(), "what the image is for"),
    version: required(debianLine(), "the kernel version; a prefix means the newest match"),
    arch: arch(),
    flavour: optional(oneOfStrings(["cloud"]), "the Debian kernel flavour [cloud]"),
  }),
  "debian-src": obj({
    ...sourceFields,
    version: required(version('a Debian source line such as "6.1"', /^\d+\.\d+$/), "linux-source-<version>"),
  }),
  "kernel.org": obj({
    ...sourceFields,
    version: required(version('a full version such as "5.15.127"', /^\d+\.\d+(\.\d+)?$/), "the release"),
    tarball: optional(str(), "a local copy of the tarball, for machines that cannot reach kernel.org"),
    sha256: optional(
      str({ pattern: /^[0-9a-f]{64}$/, words: "a SHA256 in lower-case hex (64 digits)" }),
      "the tarball's SHA256",
    ),
  }),
  path: obj({
    ...sourceFields,
    path: required(str(), "a local kernel tree, relative to lab.yaml"),
  }),
};

export const LAB_SCHEMA: DocumentSchema = {
  kind: "lab",
  title: "lab.yaml",
  description: "The lab's configuration: kernel images, archive overrides, defaults and the default job.",
  root: obj({
    images: optional(
      record(tagged("source", "where the kernel comes from", variants), {
        keyPattern: ID_PATTERN,
        keyWords: "an image id (letters, digits, . _ + -)",
      }),
      "kernel images by id; scenarios name them in qemu targets",
    ),
    archive: optional(
      obj({
        debian: optional(
          str({ pattern: /^(https?|file):\/\/\S+$/, words: "a URL" }),
          "the Debian archive [from the apt sources]",
        ),
        security: optional(
          str({ pattern: /^(https?|file):\/\/\S+$/, words: "a URL" }),
          "the Debian security archive [from the apt sources]",
        ),
      }),
      "archive overrides; by default the lab uses the machine's apt sources",
    ),
    defaults: optional(
      obj({
        concurrency: optional(int(1, 64), "VMs run in parallel [2]"),
        cache_dir: optional(str(), "the image cache [$LAB_CACHE, else ~/.cache/lab]"),
        accel: optional(oneOfStrings(["auto", "kvm", "tcg"]), "QEMU accelerator [auto]"),
      }),
      "defaults for runs",
    ),
    default: optional(
      listOrOne(str()),
      "the default job of `lab run`: scenario file(s), relative to lab.yaml",
    ),
  }),
};
