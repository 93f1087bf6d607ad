// Four tiers, one jest project each (see README "Tests").
"use strict";

const tsJest = ["ts-jest", { tsconfig: "tsconfig.json" }];

/** @param {string} name @param {object} [extra] */
function tier(name, extra = {}) {
  return {
    displayName: name,
    testEnvironment: "node",
    transform: { "^.+\\.ts$": tsJest },
    testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
    ...extra,
  };
}

module.exports = {
  projects: [
    tier("unit"),
    tier("integration"),
    tier("host"),
    // The e2e tier drives the real CLI; it needs the engine folder from tools/engine.js (tools/test.js passes it).
    tier("e2e", { slowTestThreshold: 120 }),
    // The oldest Node.js and @pulumi/pulumi the package claims, with the same CLI.
    tier("compat", { slowTestThreshold: 300 }),
  ],
};
