/** Validates a HAR document against the HAR 1.2 JSON schema of the har-schema package (ajv). */
import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';

let validate: ((data: unknown) => boolean) & { errors?: unknown } = undefined as never;

function validator(): typeof validate {
  if (validate) return validate;
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  // har-schema is written in JSON Schema draft-06.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  const dir = path.join(path.dirname(require.resolve('har-schema/package.json')), 'lib');
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json')))
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), f);
  validate = ajv.getSchema('har.json') as typeof validate;
  return validate;
}

/** The schema errors of `har` (empty when it is valid HAR 1.2). */
export function harErrors(har: unknown): unknown[] {
  const v = validator();
  return v(har) ? [] : ((v.errors as unknown[]) ?? ['invalid']);
}
