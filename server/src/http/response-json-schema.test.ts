import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { responseJsonSchema } from './response-json-schema.js';

describe('responseJsonSchema', () => {
  it('writes nullables as `nullable: true`, so no value needs Ajv to pick a branch', () => {
    const Person = z.object({ name: z.string() }).meta({ id: 'ResponseJsonSchemaTestPerson' });
    const schema = responseJsonSchema(
      z.object({
        width: z.number().int().nullable(),
        role: z.enum(['admin', 'viewer']).nullable(),
        owner: Person.nullable(),
        error: z.union([z.string(), z.record(z.string(), z.string())]).nullable(),
      }),
    ) as { properties: Record<string, unknown> };
    expect(schema.properties.width).toMatchObject({ type: 'integer', nullable: true });
    expect(schema.properties.role).toMatchObject({
      type: 'string',
      enum: ['admin', 'viewer'],
      nullable: true,
    });
    expect(schema.properties.owner).toEqual({
      $ref: '#/definitions/ResponseJsonSchemaTestPerson',
      type: 'object',
      nullable: true,
    });
    // A real union stays one: only Ajv can tell its branches apart.
    expect(JSON.stringify(schema.properties.error)).toContain('anyOf');
  });

  it('refuses what JSON Schema cannot say, so the route keeps zod', () => {
    expect(() => responseJsonSchema(z.object({ at: z.date() }))).toThrow();
    expect(() => responseJsonSchema(z.string().transform((s) => s.length))).toThrow();
  });
});
