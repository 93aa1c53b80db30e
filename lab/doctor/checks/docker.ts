/** Docker: only source builds with the Docker builder need it. */
import { existsSync } from "node:fs";
import { which } from "../probe.js";
import { type Check, ok, warn } from "../types.js";

const SOCKETS = ["/var/run/docker.sock", "/run/docker.sock"];

export const dockerCheck: Check = {
  id: "docker",
  title: "Docker",
  run: (context) => {
    const how = "PATH lookup, the engine's socket";
    const path = which("docker");
    if (!path)
      return warn(
        "not installed (only the Docker kernel builder needs it)",
        how,
        "apt-get install docker.io && dockerd &",
      );
    const host = context.env.DOCKER_HOST;
    const socket = SOCKETS.find((s) => existsSync(s));
    if (!host && !socket)
      return warn(`${path}, but no engine is running`, how, "start the engine: dockerd &");
    return ok(`${path}, engine at ${host ?? socket}`, how);
  },
};
