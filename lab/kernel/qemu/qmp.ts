/**
 * The smallest QMP client the lab needs: connect to a VM's QMP socket, leave capabilities
 * negotiation, and send one command (`quit`, `query-status`). One JSON object per line each way.
 */
import { connect, type Socket } from "node:net";

export interface QmpReply {
  return?: unknown;
  error?: { class: string; desc: string };
}

/** Sends `command` and resolves with its reply; rejects on a socket error or after `timeoutMs`. */
export function qmpCommand(socketPath: string, command: string, timeoutMs: number): Promise<QmpReply> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(socketPath);
    let buffered = "";
    let stage: "greeting" | "capabilities" | "command" = "greeting";
    const timer = setTimeout(
      () => finish(new Error(`QMP ${command}: no answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const finish = (error: Error | null, reply?: QmpReply) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(reply ?? {});
    };
    socket.on("error", (error) => finish(error));
    socket.on("close", () => {
      // `quit` closes the socket without (always) answering: that is success.
      if (stage === "command" && command === "quit") finish(null, { return: {} });
      else finish(new Error(`QMP ${command}: socket closed during ${stage}`));
    });
    socket.on("data", (chunk) => {
      buffered += chunk.toString("utf8");
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
        if (line === "") continue;
        let message: QmpReply & { QMP?: unknown; event?: string };
        try {
          message = JSON.parse(line);
        } catch {
          finish(new Error(`QMP ${command}: not JSON: ${line.slice(0, 80)}`));
          return;
        }
        if (message.event !== undefined) continue;
        if (stage === "greeting" && message.QMP !== undefined) {
          stage = "capabilities";
          socket.write(`${JSON.stringify({ execute: "qmp_capabilities" })}\n`);
        } else if (stage === "capabilities") {
          stage = "command";
          socket.write(`${JSON.stringify({ execute: command })}\n`);
        } else if (stage === "command") {
          finish(null, message);
        }
      }
    });
  });
}
