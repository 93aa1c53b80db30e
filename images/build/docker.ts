/**
 * The Docker builder: the same steps as the local one, with make run in a container of the
 * builder image (images/build/docker-image.ts), `--network none`, the source tree mounted
 * read-only at /src and the output folder at /obj. Through dockerode.
 */
import { PassThrough } from "node:stream";
import Docker from "dockerode";
import type { Arch } from "../../lab/backend.js";
import { LabError } from "../../lab/errors.js";
import type { CacheDirs } from "../cache/paths.js";
import type { ArchiveConfig } from "../debian/suites.js";
import { ensureBuilderImage } from "./docker-image.js";
import type { MakeExec } from "./make.js";
import { makeVarsFor, type Toolchain } from "./toolchain.js";

export interface ContainerBuilder {
  toolchain: Toolchain;
  /** make in a container, with `obj` (a host folder) as the output folder */
  execFor(obj: string): MakeExec;
}

export function containerMake(docker: Docker, tag: string, obj: string): MakeExec {
  return (args, src) => {
    const output = new PassThrough();
    const inner = args.map((a) => (a.startsWith("O=") ? "O=/obj" : a));
    const done = (async () => {
      const container = await docker.createContainer({
        Image: tag,
        Cmd: ["make", ...inner],
        WorkingDir: "/src",
        Env: ["KBUILD_BUILD_USER=lab", "KBUILD_BUILD_HOST=lab"],
        HostConfig: { Binds: [`${src}:/src:ro`, `${obj}:/obj`], NetworkMode: "none" },
      });
      try {
        const stream = await container.attach({ stream: true, stdout: true, stderr: true });
        container.modem.demuxStream(stream, output, output);
        await container.start();
        const result = (await container.wait()) as { StatusCode: number };
        return result.StatusCode;
      } finally {
        output.end();
        await container.remove({ force: true }).catch(() => {});
      }
    })();
    return { output, done };
  };
}

export async function dockerBuilder(
  arch: Arch,
  dirs: CacheDirs,
  archive: ArchiveConfig,
  say: (text: string) => void,
): Promise<ContainerBuilder> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (error) {
    throw new LabError(
      "IMAGE_TOOLCHAIN_MISSING",
      `the Docker engine does not answer: ${(error as Error).message}`,
      {
        where: { value: "docker" },
        hint: "apt-get install docker.io and start dockerd (the lab's .ci/setup does both), or build with the local builder",
      },
    );
  }
  const tag = await ensureBuilderImage(docker, dirs, archive, say);
  // inside the container the machine's arch is the host's: the same make variables as here
  return {
    toolchain: { arch, makeVars: makeVarsFor(arch), id: `docker ${tag}` },
    execFor: (obj) => containerMake(docker, tag, obj),
  };
}
