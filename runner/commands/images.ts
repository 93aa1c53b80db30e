/** `lab images list | fetch | prune`: Debian kernel images in the lab's cache. */
import type { Command } from "commander";
import { ARCH_NAMES } from "../../lab/arch.js";
import type { Arch } from "../../lab/backend.js";
import { outputFor } from "../context.js";
import { parseChoice } from "../parse-args.js";

interface ListOptions {
  available?: boolean;
  arch?: Arch;
  refresh?: boolean;
}

export function register(program: Command): void {
  const images = program
    .command("images")
    .description("Debian kernel images: list what is cached or offered, fetch and verify, prune the cache");
  images
    .command("list")
    .description("list cached images, or with --available the kernels the archive offers")
    .option("--available", "list the cloud kernels of every configured suite (verified indexes)")
    .option("--arch <arch>", "x86_64 | arm64 (default: both)", parseChoice("--arch", ARCH_NAMES))
    .option("--refresh", "reload the archive indexes even when the cached ones are fresh")
    .addHelpText("after", "\nExamples:\n  lab images list\n  lab images list --available --arch arm64 --json")
    .action(async (options: ListOptions, command: Command) => {
      const out = outputFor(command);
      const { listAvailable, listCached, ALL_ARCHES } = await import("../../images/cli/actions.js");
      const { defaultImageOptions } = await import("../../images/options.js");
      const { renderAvailable, renderCached } = await import("../../images/cli/render.js");
      const base = defaultImageOptions(process.cwd(), { refresh: Boolean(options.refresh) });
      if (options.available) {
        const available = await listAvailable(options.arch ? [options.arch] : ALL_ARCHES, base);
        if (out.json) out.result(available);
        else out.line(renderAvailable(available, out));
        return;
      }
      const cached = listCached(base).filter((i) => !options.arch || i.arch === options.arch);
      if (out.json) out.result({ images: cached });
      else out.line(renderCached(cached, out));
    });
  images
    .command("fetch")
    .description("download, verify and extract a Debian cloud kernel, and build its initramfs")
    .argument("<id>", "debian:<version> (debian:6.1 = newest 6.1.x, debian:6.1.170) or a lab.yaml image id")
    .option(
      "--arch <arch>",
      "x86_64 | arm64 (default: the id's, else this machine's)",
      parseChoice("--arch", ARCH_NAMES),
    )
    .option("--refresh", "reload the archive indexes even when the cached ones are fresh")
    .addHelpText(
      "after",
      "\nExamples:\n  lab images fetch debian:6.1 --arch arm64\n  lab images fetch debian-6.12-amd64 --json",
    )
    .action(async (id: string, options: { arch?: Arch; refresh?: boolean }, command: Command) => {
      const out = outputFor(command);
      const { fetchForCli } = await import("../../images/cli/actions.js");
      const { defaultImageOptions } = await import("../../images/options.js");
      const { formatProgress } = await import("../../images/cli/progress.js");
      const { renderFetched } = await import("../../images/cli/render.js");
      const base = defaultImageOptions(process.cwd(), { refresh: Boolean(options.refresh) });
      out.progress(`resolving ${id} (verified archive indexes, cached for 6 h)`);
      const fetched = await fetchForCli(id, options.arch, base, (p) => out.progress(formatProgress(p)));
      if (out.json) out.result({ image: fetched });
      else out.line(renderFetched(fetched, out));
    });
  images
    .command("prune")
    .description(
      "remove partial downloads, downloaded packages, expired indexes and unused initramfs archives",
    )
    .option("--all", "also remove every extracted image and initramfs")
    .addHelpText("after", "\nExamples:\n  lab images prune\n  lab images prune --all --json")
    .action(async (options: { all?: boolean }, command: Command) => {
      const out = outputFor(command);
      const { pruneForCli } = await import("../../images/cli/actions.js");
      const { defaultImageOptions } = await import("../../images/options.js");
      const result = pruneForCli(Boolean(options.all), defaultImageOptions(process.cwd()));
      if (out.json) out.result(result);
      else out.line(`removed ${result.removed.length} entries, ${(result.bytes / 1e6).toFixed(1)} MB`);
    });
  images
    .command("build")
    .description(
      "build a kernel from a lab.yaml source recipe (Debian source, kernel.org tarball, local tree)",
    )
    .argument("<id>", "a source recipe id from lab.yaml (e.g. src-6.1-tiny)")
    .option("--arch <arch>", "x86_64 | arm64 (default: the recipe's)", parseChoice("--arch", ARCH_NAMES))
    .option("--tarball <path>", "the kernel.org tarball to use (checked against the recipe's sha256)")
    .option("--jobs <n>", "make -j (default: the number of cores)", (v) => Number.parseInt(v, 10))
    .addHelpText(
      "after",
      "\nExamples:\n  lab images build src-6.1-tiny\n  lab images build src-6.1-tiny --arch arm64 --json",
    )
    .action(
      async (id: string, options: { arch?: Arch; tarball?: string; jobs?: number }, command: Command) => {
        const out = outputFor(command);
        const { buildForCli, renderBuild } = await import("../../images/build/cli.js");
        const built = await buildForCli(id, options, (text) => out.progress(text));
        if (out.json) out.result({ build: built });
        else out.line(renderBuild(built));
      },
    );
}
