/**
 * `pulumi-resource-paperspace`: the provider plugin's entry point. The engine starts it with its own address and reads
 * the port the plugin serves on from the first line it prints.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { providerContext } from "../provider/context";
import { serve } from "./server";

const here = path.dirname(__filename);
const schema = readFileSync(path.join(here, "schema.json"), "utf8");
const { version } = JSON.parse(schema) as { version: string };

serve({ context: providerContext, schema, version }).then(
  ({ port }) => process.stdout.write(`${port}\n`),
  (error: Error) => {
    process.stderr.write(`pulumi-resource-paperspace: ${error.message}\n`);
    process.exit(1);
  },
);
