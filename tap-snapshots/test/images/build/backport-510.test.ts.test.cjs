/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/images/build/backport-510.test.ts > TAP > src-5.10-tiny vs src-5.10-tiny-prebackport: the backport moves the first failing device count > first failing device counts (measured on the booted kernels) 1`] = `
Object {
  "prebackport": Object {
    "errno": "ENOSPC",
    "firstFailing": 19,
    "verdicts": "AAAAAAAAAAAAAAAAAANANNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN",
  },
  "shipped": Object {
    "errno": "ENOSPC",
    "firstFailing": 6,
    "verdicts": "AAAAANNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN",
  },
}
`
