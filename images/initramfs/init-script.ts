/**
 * The initramfs's `/init`, a busybox shell script. It mounts proc, sysfs, devtmpfs, cgroup2 (at
 * /sys/fs/cgroup) and bpffs, insmods the channel's modules in the layer's order, finds the agent's
 * channel (the virtio-serial port named AGENT_PORT_NAME, else the arch's fallback device), and
 * runs the agent on it (`lab-agent --port DEV --announce`: it sends its hello unasked). Every step prints a `LAB-INIT:` line on
 * the console. Kernel command line: `lab.shell` gives a shell on the console instead of the agent;
 * `lab.channel=/dev/X` forces the channel device. When the agent exits, the VM powers off.
 */
import { MODULES_DIR } from "./layer.js";

export const INIT_MARKER = "LAB-INIT:";
export const AGENT_PATH = "/bin/lab-agent";

export interface InitOptions {
  /** the virtio-serial port name to look for */
  portName: string;
  /** the device to use when no such port appears, e.g. /dev/ttyS1 */
  fallbackDevice: string;
}

export function initScript(options: InitOptions): string {
  return `#!/bin/busybox sh
# /init of the lab's initramfs (written by images/initramfs/init-script.ts)
/bin/busybox mkdir -p /bin /sbin /usr/bin /usr/sbin /proc /sys /dev /tmp /run
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mark() { echo "${INIT_MARKER} $*"; }
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /sys/fs/cgroup /sys/fs/bpf
mount -t cgroup2 cgroup2 /sys/fs/cgroup || mark "cgroup2 mount failed"
mount -t bpf bpf /sys/fs/bpf || mark "bpffs mount failed"
mark "mounted proc sysfs devtmpfs cgroup2 bpffs on $(uname -r) $(uname -m)"
if [ -f /${MODULES_DIR}/order ]; then
  while read -r m; do
    if insmod /${MODULES_DIR}/$m.ko; then mark "insmod $m ok"; else mark "insmod $m failed"; fi
  done < /${MODULES_DIR}/order
fi
cmdline=$(cat /proc/cmdline)
arg() { for w in $cmdline; do case "$w" in "$1"=*) echo "\${w#*=}"; return 0;; "$1") echo 1; return 0;; esac; done; return 1; }
if arg lab.shell >/dev/null; then
  mark "shell"
  exec setsid cttyhack sh
fi
find_port() {
  for p in /sys/class/virtio-ports/*; do
    [ "$(cat "$p/name" 2>/dev/null)" = "${options.portName}" ] && { echo "/dev/\${p##*/}"; return 0; }
  done
  return 1
}
has_virtio_console() { grep -qs 0x0003 /sys/bus/virtio/devices/*/device; }
dev=$(arg lab.channel) || dev=$(find_port) || {
  i=0
  while has_virtio_console && [ $i -lt 30 ]; do
    dev=$(find_port) && break
    sleep 0.1; i=$((i + 1))
  done
  [ -n "$dev" ] || dev=${options.fallbackDevice}
}
mark "channel $dev"
if [ -x ${AGENT_PATH} ]; then
  mark "agent start"
  if [ "$dev" = /dev/console ] || [ "$(readlink -f "$dev")" = "$(readlink -f /dev/console)" ]; then err=/dev/null; else err=/dev/console; fi
  ${AGENT_PATH} --port "$dev" --announce </dev/null >/dev/null 2>"$err"
  mark "agent exited $?"
else
  mark "no agent"
fi
sync
poweroff -f
`;
}
