/**
 * `pulumi-resource-paperspace`: the provider plugin's entry point. The engine starts it with its own address and reads
 * the port the plugin serves on from the first line it prints.
 */
import { providerContext } from "../provider/context";
import schemaDocument from "./schema.json";
import { serve } from "./server";

// Imported, so that the bundle carries the schema: the plugin then runs from one file, or a single executable.
const schema = JSON.stringify(schemaDocument);
const { version } = schemaDocument;

serve({ context: providerContext, schema, version }).then(
  ({ port }) => process.stdout.write(`${port}\n`),
  (error: Error) => {
    process.stderr.write(`pulumi-resource-paperspace: ${error.message}\n`);
    process.exit(1);
  },
);
