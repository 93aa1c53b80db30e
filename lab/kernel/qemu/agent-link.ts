/**
 * The agent at the other end of a VM's channel socket, as lab/kernel/qemu/vm.ts needs it. Ready is
 * the hello the agent announces unasked (`lab-agent --announce`, as the initramfs's /init starts
 * it). Nothing is sent before that: bytes sent to a guest UART before the agent opens it are lost or,
 * worse, reach the agent later as the torn tail of a frame.
 */
import type { Socket } from "node:net";
import { AgentClient } from "../agent/client.js";
import type { HelloReply } from "../protocol.js";
import type { AgentLink } from "./vm.js";

export interface QemuAgentLink extends AgentLink {
  readonly client: AgentClient;
  readonly hello: Promise<HelloReply>;
}

export function connectAgent(
  socket: Socket,
  label: string,
  onNoise?: (bytes: Uint8Array) => void,
): QemuAgentLink {
  const client = new AgentClient(socket, socket, { label, onNoise });
  const hello = new Promise<HelloReply>((resolve, reject) => {
    client.waitAnnounce().then(resolve);
    socket.once("close", () => reject(new Error(`${label}: the channel closed before the agent's hello`)));
    socket.once("error", (error) => reject(error));
  });
  hello.catch(() => undefined);
  return {
    client,
    hello,
    async poweroff() {
      // the guest may power off before its reply gets out: do not wait for one
      client.poweroff(2000).catch(() => undefined);
    },
    close() {
      client.dispose();
      socket.destroy();
    },
  };
}
