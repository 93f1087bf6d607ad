#!/usr/bin/env node
// Generates contract/paperspace-api.ts from contract/openapi.yaml: the wire types (openapi-typescript), the values of
// the contract's enums, the HTTP status of each error code (`x-http-status`) and the limits (`x-limits`). The provider
// and the emulator both import that file; contract/schemas.ts names each schema's type alone, for the package's `api`
// types. `--check` fails when a committed file no longer matches the contract.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const prettier = require("prettier");
const { parse } = require("yaml");

const ROOT = path.resolve(__dirname, "..");
const CONTRACT = path.join(ROOT, "contract", "openapi.yaml");
const OUTPUT = path.join(ROOT, "contract", "paperspace-api.ts");
/** Every schema's type under its own name, and nothing else: what the package's `api` types re-export. */
const SCHEMAS = path.join(ROOT, "contract", "schemas.ts");

const HEADER = `/**
 * The Paperspace API v1 as TypeScript, generated from contract/openapi.yaml: do not edit.
 * Regenerate with \`npm run wire-types\`; the lint step fails when this file and the contract differ.
 */
`;

async function generate() {
  const { default: openapiTS, astToString } = await import("openapi-typescript");
  const types = astToString(
    await openapiTS(pathToFileURL(CONTRACT), {
      rootTypes: true,
      rootTypesNoSchemaPrefix: true,
      enumValues: true,
      emptyObjectsUnknown: true,
      defaultNonNullable: false,
    }),
  );
  const contract = parse(fs.readFileSync(CONTRACT, "utf8"));
  const statuses = contract.components.schemas.ErrorCode["x-http-status"];
  const { description: _description, ...limits } = contract["x-limits"];
  const pageSizeMax = contract.components.parameters.Limit.schema.maximum;
  const constants = `
/** The HTTP status each error code stands for (the contract's \`x-http-status\`). */
export const ERROR_STATUS = ${JSON.stringify(statuses)} as const satisfies Record<ErrorCode, number>;

/** Limits the real API does not publish, decided where it is silent (the contract's \`x-limits\`). */
export const LIMITS = ${JSON.stringify(limits)} as const;

/** The largest page a list gives (the maximum of its \`limit\`). */
export const PAGE_SIZE_MAX = ${JSON.stringify(pageSizeMax)};
`;
  const options = { ...(await prettier.resolveConfig(OUTPUT)), parser: "typescript" };
  // A description is a doc comment's text (TypeDoc knows no `@description` tag).
  const described = types.replace(/(\/\*\*|\*) @description /g, "$1 ");
  const names = Object.keys(contract.components.schemas).sort();
  const schemas = `${HEADER}export type { ${names.join(", ")} } from "./paperspace-api";\n`;
  return new Map([
    [OUTPUT, await prettier.format(HEADER + described + constants, options)],
    [SCHEMAS, await prettier.format(schemas, options)],
  ]);
}

async function main() {
  const files = await generate();
  for (const [file, text] of files) {
    const name = path.relative(ROOT, file);
    if (process.argv.includes("--check")) {
      const committed = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
      if (committed !== text) {
        process.stderr.write(
          `${name} does not match contract/openapi.yaml: run \`npm run wire-types\` and commit it.\n`,
        );
        process.exit(1);
      }
    } else {
      fs.writeFileSync(file, text);
      process.stderr.write(`wrote ${name}\n`);
    }
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
