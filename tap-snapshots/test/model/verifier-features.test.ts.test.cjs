/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/model/verifier-features.test.ts > TAP > the VerifierFeatures record of every line > 5.10 1`] = `
Object {
  "addConstLink64Only": false,
  "alignedInsnState": false,
  "bounds510": true,
  "bounds612": false,
  "disasmKernel": Object {
    "addrSpaceCast": false,
    "atomics": false,
    "helperCount": 156,
    "isaV4": false,
    "kfunc": false,
    "loadAcquire": false,
    "mayGoto": false,
    "nospec": false,
    "percpuAddr": false,
    "ptrSrcs": Array [
      1,
      2,
    ],
  },
  "forkScalars": false,
  "jmpSeqErrno": "EFAULT",
  "legacyBounds": true,
  "legacyPrecision": true,
  "liveRegsAnalysis": false,
  "negEndTracking": false,
  "oldTnumMul": true,
  "peakStatesMax": false,
  "precisionAtLevel1": true,
  "precisionBackport": true,
  "printStyle": Object {
    "layout": "legacy",
    "liveness": true,
    "tnumSigned": false,
  },
  "pruneAtBranches": false,
  "readMarks": true,
  "returnPrecision": false,
  "sanityCheck": "none",
}
`

exports[`test/model/verifier-features.test.ts > TAP > the VerifierFeatures record of every line > 5.10-pre-backport 1`] = `
Object {
  "addConstLink64Only": false,
  "alignedInsnState": false,
  "bounds510": true,
  "bounds612": false,
  "disasmKernel": Object {
    "addrSpaceCast": false,
    "atomics": false,
    "helperCount": 156,
    "isaV4": false,
    "kfunc": false,
    "loadAcquire": false,
    "mayGoto": false,
    "nospec": false,
    "percpuAddr": false,
    "ptrSrcs": Array [
      1,
      2,
    ],
  },
  "forkScalars": false,
  "jmpSeqErrno": "EFAULT",
  "legacyBounds": true,
  "legacyPrecision": true,
  "liveRegsAnalysis": false,
  "negEndTracking": false,
  "oldTnumMul": true,
  "peakStatesMax": false,
  "precisionAtLevel1": true,
  "precisionBackport": false,
  "printStyle": Object {
    "layout": "legacy",
    "liveness": true,
    "tnumSigned": false,
  },
  "pruneAtBranches": false,
  "readMarks": true,
  "returnPrecision": false,
  "sanityCheck": "none",
}
`

exports[`test/model/verifier-features.test.ts > TAP > the VerifierFeatures record of every line > 5.15.126 1`] = `
Object {
  "addConstLink64Only": false,
  "alignedInsnState": false,
  "bounds510": true,
  "bounds612": false,
  "disasmKernel": Object {
    "addrSpaceCast": false,
    "atomics": true,
    "helperCount": 176,
    "isaV4": false,
    "kfunc": true,
    "loadAcquire": false,
    "mayGoto": false,
    "nospec": true,
    "percpuAddr": false,
    "ptrSrcs": Array [
      1,
      2,
    ],
  },
  "forkScalars": false,
  "jmpSeqErrno": "EFAULT",
  "legacyBounds": true,
  "legacyPrecision": true,
  "liveRegsAnalysis": false,
  "negEndTracking": false,
  "oldTnumMul": true,
  "peakStatesMax": false,
  "precisionAtLevel1": true,
  "precisionBackport": false,
  "printStyle": Object {
    "layout": "legacy",
    "liveness": true,
    "tnumSigned": false,
  },
  "pruneAtBranches": false,
  "readMarks": true,
  "returnPrecision": false,
  "sanityCheck": "none",
}
`

exports[`test/model/verifier-features.test.ts > TAP > the VerifierFeatures record of every line > 5.15.127 1`] = `
Object {
  "addConstLink64Only": false,
  "alignedInsnState": false,
  "bounds510": true,
  "bounds612": false,
  "disasmKernel": Object {
    "addrSpaceCast": false,
    "atomics": true,
    "helperCount": 176,
    "isaV4": false,
    "kfunc": true,
    "loadAcquire": false,
    "mayGoto": false,
    "nospec": true,
    "percpuAddr": false,
    "ptrSrcs": Array [
      1,
      2,
    ],
  },
  "forkScalars": false,
  "jmpSeqErrno": "EFAULT",
  "legacyBounds": true,
  "legacyPrecision": true,
  "liveRegsAnalysis": false,
  "negEndTracking": false,
  "oldTnumMul": true,
  "peakStatesMax": false,
  "precisionAtLevel1": true,
  "precisionBackport": true,
  "printStyle": Object {
    "layout": "legacy",
    "liveness": true,
    "tnumSigned": false,
  },
  "pruneAtBranches": false,
  "readMarks": true,
  "returnPrecision": false,
  "sanityCheck": "none",
}
`

exports[`test/model/verifier-features.test.ts > TAP > the VerifierFeatures record of every line > 6.1 1`] = `
Object {
  "addConstLink64Only": false,
  "alignedInsnState": true,
  "bounds510": false,
  "bounds612": false,
  "disasmKernel": Object {
    "addrSpaceCast": false,
    "atomics": true,
    "helperCount": 210,
    "isaV4": false,
    "kfunc": true,
    "loadAcquire": false,
    "mayGoto": false,
    "nospec": true,
    "percpuAddr": false,
    "ptrSrcs": Array [
      1,
      2,
    ],
  },
  "forkScalars": false,
  "jmpSeqErrno": "EFAULT",
  "legacyBounds": true,
  "legacyPrecision": true,
  "liveRegsAnalysis": false,
  "negEndTracking": false,
  "oldTnumMul": true,
  "peakStatesMax": false,
  "precisionAtLevel1": false,
  "precisionBackport": true,
  "printStyle": Object {
    "layout": "v6.1",
    "liveness": true,
    "tnumSigned": false,
  },
  "pruneAtBranches": true,
  "readMarks": true,
  "returnPrecision": false,
  "sanityCheck": "none",
}
`

exports[`test/model/verifier-features.test.ts > TAP > the VerifierFeatures record of every line > 6.12 1`] = `
Object {
  "addConstLink64Only": true,
  "alignedInsnState": true,
  "bounds510": false,
  "bounds612": true,
  "disasmKernel": Object {
    "addrSpaceCast": true,
    "atomics": true,
    "helperCount": 212,
    "isaV4": true,
    "kfunc": true,
    "loadAcquire": false,
    "mayGoto": true,
    "nospec": true,
    "percpuAddr": true,
    "ptrSrcs": Array [
      1,
      2,
    ],
  },
  "forkScalars": true,
  "jmpSeqErrno": "E2BIG",
  "legacyBounds": false,
  "legacyPrecision": false,
  "liveRegsAnalysis": false,
  "negEndTracking": false,
  "oldTnumMul": true,
  "peakStatesMax": false,
  "precisionAtLevel1": false,
  "precisionBackport": true,
  "printStyle": Object {
    "layout": "compact",
    "liveness": true,
    "tnumSigned": false,
  },
  "pruneAtBranches": true,
  "readMarks": true,
  "returnPrecision": true,
  "sanityCheck": "plain",
}
`

exports[`test/model/verifier-features.test.ts > TAP > the VerifierFeatures record of every line > 7.x 1`] = `
Object {
  "addConstLink64Only": false,
  "alignedInsnState": true,
  "bounds510": false,
  "bounds612": false,
  "disasmKernel": Object {
    "addrSpaceCast": true,
    "atomics": true,
    "helperCount": 212,
    "isaV4": true,
    "kfunc": true,
    "loadAcquire": true,
    "mayGoto": true,
    "nospec": true,
    "percpuAddr": true,
    "ptrSrcs": Array [
      1,
      2,
    ],
  },
  "forkScalars": true,
  "jmpSeqErrno": "E2BIG",
  "legacyBounds": false,
  "legacyPrecision": false,
  "liveRegsAnalysis": true,
  "negEndTracking": true,
  "oldTnumMul": false,
  "peakStatesMax": true,
  "precisionAtLevel1": false,
  "precisionBackport": true,
  "printStyle": Object {
    "layout": "compact",
    "liveness": false,
    "tnumSigned": true,
  },
  "pruneAtBranches": true,
  "readMarks": false,
  "returnPrecision": true,
  "sanityCheck": "prefixed",
}
`

exports[`test/model/verifier-features.test.ts > TAP > the VerifierFeatures record of every line > host 1`] = `
Object {
  "addConstLink64Only": false,
  "alignedInsnState": true,
  "bounds510": false,
  "bounds612": false,
  "disasmKernel": Object {
    "addrSpaceCast": true,
    "atomics": true,
    "helperCount": 212,
    "isaV4": true,
    "kfunc": true,
    "loadAcquire": true,
    "mayGoto": true,
    "nospec": true,
    "percpuAddr": true,
    "ptrSrcs": Array [
      1,
      2,
    ],
  },
  "forkScalars": true,
  "jmpSeqErrno": "EFAULT",
  "legacyBounds": false,
  "legacyPrecision": false,
  "liveRegsAnalysis": true,
  "negEndTracking": true,
  "oldTnumMul": false,
  "peakStatesMax": true,
  "precisionAtLevel1": false,
  "precisionBackport": true,
  "printStyle": Object {
    "layout": "compact",
    "liveness": false,
    "tnumSigned": false,
  },
  "pruneAtBranches": true,
  "readMarks": false,
  "returnPrecision": true,
  "sanityCheck": "prefixed",
}
`
