import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../src/scenario.ts';
import { schemaMarkdown, spliceReference } from '../../src/model/reference.ts';

describe('docs/model-reference.md', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'model-reference.md'), 'utf8');
  const md = schemaMarkdown(scenarioJsonSchema());

  it('is exactly what the schema generates (run `npm run docs` after changing a schema)', () => {
    expect(spliceReference(readme, md)).toBe(readme);
  });

  it('documents every top-level field', () => {
    for (const key of Object.keys((scenarioJsonSchema() as { properties: object }).properties)) {
      expect(md).toContain(`| \`${key}\` |`);
    }
  });
});

describe('the JSON Schema', () => {
  it('rejects unknown fields and requires the essentials, as the loader does', () => {
    const s = scenarioJsonSchema() as { additionalProperties: boolean; required: string[] };
    expect(s.additionalProperties).toBe(false);
    expect(s.required).toEqual(expect.arrayContaining(['duration', 'clusters', 'supply']));
  });
});
