/**
 * The agent at the other end of a VM's channel socket, as lab/kernel/qemu/vm.ts needs it. Ready is
 * the agent's hello: either the announcement an agent started with `--announce` sends unasked, or
 * the reply to a hello request. Requests are repeated until one is answered, because bytes sent
 * to a guest UART before the agent opened it are lost (a virtio port holds them until it opens).
 */
import type { Socket } from "node:net";
import { AgentClient } from "../agent/client.js";
import type { HelloReply } from "../protocol.js";
import type { AgentLink } from "./vm.js";

/** How often an unanswered hello is asked again while the guest boots. */
export const HELLO_RETRY_MS = 1000;

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
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  const hello = new Promise<HelloReply>((resolve, reject) => {
    const done = (reply: HelloReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(reply);
    };
    client.waitAnnounce().then(done);
    const ask = () => {
      if (settled) return;
      client.hello(HELLO_RETRY_MS).then(done, (error: Error & { code?: string }) => {
        if (settled) return;
        if (socket.destroyed || socket.readableEnded) {
          settled = true;
          reject(error);
          return;
        }
        timer = setTimeout(ask, 0);
      });
    };
    ask();
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
      settled = true;
      clearTimeout(timer);
      client.dispose();
      socket.destroy();
    },
  };
}
