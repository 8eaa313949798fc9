// Writes src/api/openapi.ts, the REST wire types, from the committed contract docs/openapi.json
// (docs/adr/0130). `npm run openapi` after the contract changed; src/api/openapi.test.ts fails
// while the file is stale. (openapi-typescript needs TypeScript 5's compiler API; this project
// compiles with TypeScript 7, so the few lines below do the same for the shapes the API uses.)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const CONTRACT = resolve(here, '../../docs/openapi.json');
export const OUTPUT = resolve(here, '../src/api/openapi.ts');

const REF = '#/components/schemas/';

function typeOf(schema, indent) {
  let type;
  if (schema.$ref) {
    type = schema.$ref.slice(REF.length);
  } else if (schema.allOf?.length === 1) {
    type = typeOf(schema.allOf[0], indent);
  } else if (schema.enum) {
    type = schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  } else if (schema.type === 'string') {
    type = 'string';
  } else if (schema.type === 'integer' || schema.type === 'number') {
    type = 'number';
  } else if (schema.type === 'boolean') {
    type = 'boolean';
  } else if (schema.type === 'array') {
    const item = typeOf(schema.items ?? {}, indent);
    type = /[ |]/.test(item) ? `(${item})[]` : `${item}[]`;
  } else if (schema.properties) {
    type = objectOf(schema, indent);
  } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    type = `Record<string, ${typeOf(schema.additionalProperties, indent)}>`;
  } else {
    type = 'unknown';
  }
  return schema.nullable ? `${type} | null` : type;
}

function objectOf(schema, indent) {
  const required = new Set(schema.required ?? []);
  const inner = indent + '  ';
  const fields = Object.keys(schema.properties)
    .sort()
    .map((name) => {
      const optional = required.has(name) ? '' : '?';
      return `${inner}${name}${optional}: ${typeOf(schema.properties[name], inner)};`;
    });
  return `{\n${fields.join('\n')}\n${indent}}`;
}

function okResponse(operation) {
  const code = Object.keys(operation.responses ?? {}).sort().find((c) => c.startsWith('2'));
  const schema = code && operation.responses[code].content?.['application/json']?.schema;
  return schema ? typeOf(schema, '    ') : 'void';
}

export function generate(contract) {
  const out = [
    '// Generated from docs/openapi.json by `npm run openapi` (scripts/openapi-types.mjs).',
    '// Do not edit: change the server, rewrite the contract, regenerate (docs/adr/0130).',
    '',
  ];
  const schemas = contract.components?.schemas ?? {};
  for (const name of Object.keys(schemas).sort()) {
    out.push(`export type ${name} = ${typeOf(schemas[name], '')};`, '');
  }
  out.push('/** The success body of every operation, by `METHOD /path`. */');
  out.push('export interface Responses {');
  for (const path of Object.keys(contract.paths ?? {}).sort()) {
    for (const method of Object.keys(contract.paths[path]).sort()) {
      const key = `${method.toUpperCase()} ${path}`;
      out.push(`  '${key}': ${okResponse(contract.paths[path][method])};`);
    }
  }
  out.push('}', '');
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OUTPUT, generate(JSON.parse(readFileSync(CONTRACT, 'utf8'))));
  console.log(`wrote ${OUTPUT}`);
}
