import { z } from 'zod';

/**
 * A response schema as the JSON Schema fast-json-stringify compiles: the output side (what a
 * handler hands over), draft-07, with nullables it can serialize without Ajv. Throws on what JSON
 * Schema cannot say (a transform, a date, a map), so that route keeps zod.
 */
export function responseJsonSchema(schema: z.ZodType): unknown {
  return nullableAsKeyword(
    z.toJSONSchema(schema, { target: 'draft-07', io: 'output', unrepresentable: 'throw', cycles: 'ref' }),
  );
}

/**
 * zod writes `.nullable()` of anything but a bare type as `anyOf: [X, {type: 'null'}]`, and
 * fast-json-stringify decides an `anyOf` by running Ajv on the value, per value: on a feed page that
 * is every photo's width and height. `X` with `nullable: true` says the same and costs one `=== null`.
 * A `$ref` gets its target's `type` beside it, which Ajv wants next to `nullable` if it compiles it.
 */
function nullableAsKeyword(root: unknown): unknown {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isSchemaObject(node)) return node;
    const walked = Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
    const { anyOf, ...rest } = walked;
    if (!Array.isArray(anyOf) || anyOf.length !== 2) return walked;
    const others = anyOf.filter((branch) => !(isSchemaObject(branch) && isOnly(branch, 'type', 'null')));
    const [other] = others;
    if (others.length !== 1 || !isSchemaObject(other) || COMBINATORS.some((word) => word in other)) {
      return walked;
    }
    if (typeof other.$ref !== 'string') return { ...rest, ...other, nullable: true };
    const target = resolveLocalRef(root, other.$ref);
    if (!isSchemaObject(target) || typeof target.type !== 'string') return walked;
    return { ...rest, ...other, type: target.type, nullable: true };
  };
  return walk(root);
}

const COMBINATORS = ['anyOf', 'oneOf', 'allOf', 'if'];

const isSchemaObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isOnly = (schema: Record<string, unknown>, key: string, value: unknown) =>
  Object.keys(schema).length === 1 && schema[key] === value;

/** `#/definitions/MiniUser` (or `#`, a recursive schema's root) inside the schema being compiled. */
function resolveLocalRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const steps = ref.slice(1).split('/').filter(Boolean);
  return steps.reduce<unknown>(
    (node, step) =>
      isSchemaObject(node) ? node[step.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined,
    root,
  );
}
