/**
 * A walk of one Machine create through the package's code: which files ("rooms") its functions run in, in order. Every
 * function of provider/ is made, as it is loaded, to say its file when it starts (a TypeScript transform); the runtime
 * then checks and creates a machine against an in-process emulator whose events end at once. Prints the rooms in the
 * order they were entered (a room entered again straight after itself counts once), how many rooms were entered, and
 * how many times the walk came back to a room it had left.
 *
 *   node bench/walk.js            # (run by `npm run bench:walk`)
 */
import * as path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
const ROOMS = path.join(ROOT, "provider");

const entered: string[] = [];
(globalThis as { __enter?: (file: string) => void }).__enter = (file) => entered.push(file);

/** Puts `__enter(<file>)` first in every function body of a file under provider/. */
function tellEntries(file: string): ts.TransformerFactory<ts.SourceFile> {
  const room = path.relative(ROOT, file);
  return (context) => {
    const { factory } = context;
    const enter = () =>
      factory.createExpressionStatement(
        factory.createCallExpression(factory.createIdentifier("__enter"), undefined, [
          factory.createStringLiteral(room),
        ]),
      );
    // A function's body gets the call first; an arrow's expression body becomes a block that makes it, then returns.
    const visit = (node: ts.Node): ts.Node => {
      if (!ts.isFunctionLike(node) || !("body" in node) || !node.body) return ts.visitEachChild(node, visit, context);
      const body = node.body as ts.Node;
      return ts.visitEachChild(
        node,
        (child) => {
          if (child !== body) return visit(child);
          const visited = (ts.isBlock(body) ? ts.visitEachChild(body, visit, context) : visit(body)) as ts.ConciseBody;
          return ts.isBlock(visited)
            ? factory.updateBlock(visited, [enter(), ...visited.statements])
            : factory.createBlock([enter(), factory.createReturnStatement(visited)], true);
        },
        context,
      );
    };
    return (source) => ts.visitNode(source, visit) as ts.SourceFile;
  };
}

// Loads TypeScript through the transform for the package's files (the emulator and the libraries load as they are).
const compile = (module: NodeJS.Module & { _compile(code: string, file: string): void }, file: string) => {
  const text = ts.sys.readFile(file)!;
  const transformers = file.startsWith(ROOMS) ? { before: [tellEntries(file)] } : undefined;
  const { outputText } = ts.transpileModule(text, {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    transformers,
  });
  module._compile(outputText, file);
};
require.extensions[".ts"] = compile as unknown as NodeJS.RequireExtensions[string];

/** A walk's rooms in order (one entered again straight after itself counts once), and its counts. */
function report(which: string, rooms: string[]): void {
  const walk = rooms.filter((room, i) => i === 0 || rooms[i - 1] !== room);
  const distinct = new Set(walk);
  console.log(`${which}: ${walk.map((room) => path.basename(room, ".ts")).join(" → ")}`);
  console.log(
    `  rooms entered: ${distinct.size}; steps: ${walk.length}; returns to a room: ${walk.length - distinct.size}`,
  );
}

async function main(): Promise<void> {
  // Required, not imported: after the transform is in place (imports are hoisted above it).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startEmulator, DEFAULT_API_KEY } = require(path.join(ROOT, "emulator", "index.ts"));
  const emulator = await startEmulator({ seed: 1, eventDurations: { create: 0 } });
  process.env.PAPERSPACE_API_URL = emulator.url;
  process.env.PAPERSPACE_API_KEY = DEFAULT_API_KEY;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { provider } = require(path.join(ROOT, "provider", "runtime"));
  const machine = provider("Machine");
  const given = { templateId: "t0nspur5", machineType: "A4000", region: "ny2", diskSize: 50, autoName: "walk-1a2b3c4" };
  const { inputs } = await machine.check({}, given);
  const log = console.log;
  console.log = () => undefined;
  entered.length = 0;
  await machine.create(inputs);
  console.log = log;
  await emulator.close();
  report("every file", entered);
  // The HTTP client's own files (a request, its retries, its decoding) are entered as often before and after a change
  // of shape: the walk above them is the lifecycle's and the resource's.
  report(
    "the files outside provider/api",
    entered.filter((room) => !room.startsWith("provider/api/")),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
