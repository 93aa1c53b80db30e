/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/kernel/qemu/argv.test.ts > TAP > every arch x accel x channel kind it offers > arm64 kvm console 1`] = `
qemu-system-aarch64 -name lab-test -machine virt,gic-version=max -accel kvm -cpu host -m 512 -smp 1 -nodefaults -no-user-config -no-reboot -display none -kernel /cache/images/k/vmlinuz -initrd /cache/initramfs/i.cpio.gz -append 'console=ttyAMA0 panic=-1 oops=panic quiet loglevel=0 lab.channel=/dev/ttyAMA0' -qmp unix:/run/vm/qmp.sock,server=on,wait=off -chardev socket,id=agent,path=/run/vm/agent.sock,logfile=/logs/vm/console.log -serial chardev:agent
`

exports[`test/kernel/qemu/argv.test.ts > TAP > every arch x accel x channel kind it offers > arm64 kvm virtio-mmio 1`] = `
qemu-system-aarch64 -name lab-test -machine virt,gic-version=max -accel kvm -cpu host -m 512 -smp 1 -nodefaults -no-user-config -no-reboot -display none -kernel /cache/images/k/vmlinuz -initrd /cache/initramfs/i.cpio.gz -append 'console=ttyAMA0 panic=-1 oops=panic quiet loglevel=4' -qmp unix:/run/vm/qmp.sock,server=on,wait=off -chardev file,id=con,path=/logs/vm/console.log -serial chardev:con -chardev socket,id=agent,path=/run/vm/agent.sock -device virtio-serial-device,id=vser -device virtserialport,bus=vser.0,chardev=agent,name=lab.agent
`

exports[`test/kernel/qemu/argv.test.ts > TAP > every arch x accel x channel kind it offers > arm64 kvm virtio-pci 1`] = `
qemu-system-aarch64 -name lab-test -machine virt,gic-version=max -accel kvm -cpu host -m 512 -smp 1 -nodefaults -no-user-config -no-reboot -display none -kernel /cache/images/k/vmlinuz -initrd /cache/initramfs/i.cpio.gz -append 'console=ttyAMA0 panic=-1 oops=panic quiet loglevel=4' -qmp unix:/run/vm/qmp.sock,server=on,wait=off -chardev file,id=con,path=/logs/vm/console.log -serial chardev:con -chardev socket,id=agent,path=/run/vm/agent.sock -device virtio-serial-pci,id=vser -device virtserialport,bus=vser.0,chardev=agent,name=lab.agent
`

exports[`test/kernel/qemu/argv.test.ts > TAP > every arch x accel x channel kind it offers > arm64 tcg console 1`] = `
qemu-system-aarch64 -name lab-test -machine virt -accel tcg -cpu max,pauth-impdef=on -m 512 -smp 1 -nodefaults -no-user-config -no-reboot -display none -kernel /cache/images/k/vmlinuz -initrd /cache/initramfs/i.cpio.gz -append 'console=ttyAMA0 panic=-1 oops=panic quiet loglevel=0 lab.channel=/dev/ttyAMA0' -qmp unix:/run/vm/qmp.sock,server=on,wait=off -chardev socket,id=agent,path=/run/vm/agent.sock,logfile=/logs/vm/console.log -serial chardev:agent
`

exports[`test/kernel/qemu/argv.test.ts > TAP > every arch x accel x channel kind it offers > arm64 tcg virtio-mmio 1`] = `
qemu-system-aarch64 -name lab-test -machine virt -accel tcg -cpu max,pauth-impdef=on -m 512 -smp 1 -nodefaults -no-user-config -no-reboot -display none -kernel /cache/images/k/vmlinuz -initrd /cache/initramfs/i.cpio.gz -append 'console=ttyAMA0 panic=-1 oops=panic quiet loglevel=4' -qmp unix:/run/vm/qmp.sock,server=on,wait=off -chardev file,id=con,path=/logs/vm/console.log -serial chardev:con -chardev socket,id=agent,path=/run/vm/agent.sock -device virtio-serial-device,id=vser -device virtserialport,bus=vser.0,chardev=agent,name=lab.agent
`

exports[`test/kernel/qemu/argv.test.ts > TAP > every arch x accel x channel kind it offers > arm64 tcg virtio-pci 1`] = `
qemu-system-aarch64 -name lab-test -machine virt -accel tcg -cpu max,pauth-impdef=on -m 512 -smp 1 -nodefaults -no-user-config -no-reboot -display none -kernel /cache/images/k/vmlinuz -initrd /cache/initramfs/i.cpio.gz -append 'console=ttyAMA0 panic=-1 oops=panic quiet loglevel=4' -qmp unix:/run/vm/qmp.sock,server=on,wait=off -chardev file,id=con,path=/logs/vm/console.log -serial chardev:con -chardev socket,id=agent,path=/run/vm/agent.sock -device virtio-serial-pci,id=vser -device virtserialport,bus=vser.0,chardev=agent,name=lab.agent
`

exports[`test/kernel/qemu/argv.test.ts > TAP > every arch x accel x channel kind it offers > x86_64 kvm uart2 1`] = `
qemu-system-x86_64 -name lab-test -machine q35 -accel kvm -cpu host -m 512 -smp 1 -nodefaults -no-user-config -no-reboot -display none -kernel /cache/images/k/vmlinuz -initrd /cache/initramfs/i.cpio.gz -append 'console=ttyS0 panic=-1 oops=panic quiet loglevel=4 lab.channel=/dev/ttyS1' -qmp unix:/run/vm/qmp.sock,server=on,wait=off -chardev file,id=con,path=/logs/vm/console.log -serial chardev:con -chardev socket,id=agent,path=/run/vm/agent.sock -serial chardev:agent
`

exports[`test/kernel/qemu/argv.test.ts > TAP > every arch x accel x channel kind it offers > x86_64 kvm virtio-pci 1`] = `
qemu-system-x86_64 -name lab-test -machine q35 -accel kvm -cpu host -m 512 -smp 1 -nodefaults -no-user-config -no-reboot -display none -kernel /cache/images/k/vmlinuz -initrd /cache/initramfs/i.cpio.gz -append 'console=ttyS0 panic=-1 oops=panic quiet loglevel=4' -qmp unix:/run/vm/qmp.sock,server=on,wait=off -chardev file,id=con,path=/logs/vm/console.log -serial chardev:con -chardev socket,id=agent,path=/run/vm/agent.sock -device virtio-serial-pci,id=vser -device virtserialport,bus=vser.0,chardev=agent,name=lab.agent
`

exports[`test/kernel/qemu/argv.test.ts > TAP > every arch x accel x channel kind it offers > x86_64 tcg uart2 1`] = `
qemu-system-x86_64 -name lab-test -machine q35 -accel tcg -cpu max -m 512 -smp 1 -nodefaults -no-user-config -no-reboot -display none -kernel /cache/images/k/vmlinuz -initrd /cache/initramfs/i.cpio.gz -append 'console=ttyS0 panic=-1 oops=panic quiet loglevel=4 lab.channel=/dev/ttyS1' -qmp unix:/run/vm/qmp.sock,server=on,wait=off -chardev file,id=con,path=/logs/vm/console.log -serial chardev:con -chardev socket,id=agent,path=/run/vm/agent.sock -serial chardev:agent
`

exports[`test/kernel/qemu/argv.test.ts > TAP > every arch x accel x channel kind it offers > x86_64 tcg virtio-pci 1`] = `
qemu-system-x86_64 -name lab-test -machine q35 -accel tcg -cpu max -m 512 -smp 1 -nodefaults -no-user-config -no-reboot -display none -kernel /cache/images/k/vmlinuz -initrd /cache/initramfs/i.cpio.gz -append 'console=ttyS0 panic=-1 oops=panic quiet loglevel=4' -qmp unix:/run/vm/qmp.sock,server=on,wait=off -chardev file,id=con,path=/logs/vm/console.log -serial chardev:con -chardev socket,id=agent,path=/run/vm/agent.sock -device virtio-serial-pci,id=vser -device virtserialport,bus=vser.0,chardev=agent,name=lab.agent
`

exports[`test/kernel/qemu/argv.test.ts > TAP > shell mode: console on stdio (with a log copy), no agent channel > arm64 1`] = `
qemu-system-aarch64 -name lab-test -machine virt -accel tcg -cpu max,pauth-impdef=on -m 512 -smp 1 -nodefaults -no-user-config -no-reboot -nographic -kernel /cache/images/k/vmlinuz -initrd /cache/initramfs/i.cpio.gz -append 'console=ttyAMA0 panic=-1 oops=panic quiet loglevel=4 lab.shell' -qmp unix:/run/vm/qmp.sock,server=on,wait=off -chardev stdio,id=con,mux=on,signal=off,logfile=/logs/vm/console.log -serial chardev:con -mon chardev=con,mode=readline
`

exports[`test/kernel/qemu/argv.test.ts > TAP > shell mode: console on stdio (with a log copy), no agent channel > x86_64 1`] = `
qemu-system-x86_64 -name lab-test -machine q35 -accel tcg -cpu max -m 512 -smp 1 -nodefaults -no-user-config -no-reboot -nographic -kernel /cache/images/k/vmlinuz -initrd /cache/initramfs/i.cpio.gz -append 'console=ttyS0 panic=-1 oops=panic quiet loglevel=4 lab.shell' -qmp unix:/run/vm/qmp.sock,server=on,wait=off -chardev stdio,id=con,mux=on,signal=off,logfile=/logs/vm/console.log -serial chardev:con -mon chardev=con,mode=readline
`
