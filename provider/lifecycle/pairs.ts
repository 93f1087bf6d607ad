import { type CheckFailure, isUnknown, typeOf } from "./validators";

/**
 * What a resource that relates two objects (a script and a machine, a machine and a user) declares of its id: both ids,
 * `<first>/<second>`, the form `adoptId` and `pulumi import` take. Making one twice changes nothing, so adopting one is
 * making it.
 */
export function pairOf<First extends string, Second extends string>(first: First, second: Second) {
  type Pair = Record<First | Second, string>;
  const idForm = `<${first}>/<${second}>`;
  const pairId = (inputs: Pair) => `${inputs[first]}/${inputs[second]}`;
  /** `adoptId` names the pair the resource declares. */
  const check = (inputs: Record<string, unknown>): CheckFailure[] => {
    const { adoptId } = inputs;
    if (adoptId === undefined || isUnknown(adoptId)) return [];
    if (typeof adoptId !== "string")
      return [{ property: "adoptId", reason: `must be "${idForm}", got ${typeOf(adoptId)}` }];
    const known = (value: unknown): value is string => typeof value === "string" && !isUnknown(value);
    if (!known(inputs[first]) || !known(inputs[second])) return [];
    const pair = pairId(inputs as Pair);
    return adoptId === pair ? [] : [{ property: "adoptId", reason: `must be "${idForm}", here "${pair}"` }];
  };
  return {
    idOf: (_object: unknown, inputs: Pair) => pairId(inputs),
    idForm,
    fromId: (id: string) => {
      const [one, other] = id.split("/");
      return { [first]: one, [second]: other } as Pair;
    },
    adoption: { check, byCreating: true },
  };
}
