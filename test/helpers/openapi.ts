import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const run = promisify(execFile);
export const ROOT = process.cwd();

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Schema = Record<string, any>;
export interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
  security?: Record<string, string[]>[];
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}
export interface OpenApiDocument {
  openapi: string;
  info: Schema;
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, Schema> };
}

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every operation of the document as `METHOD /path/{param}`. */
export function operationsOf(doc: OpenApiDocument): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => [`${m.toUpperCase()} ${path}`, item[m]!] as [string, Operation]),
  );
}

/** A scratch directory that resolves packages from the project's node_modules. */
export function scratchDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ringfence-openapi-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // rmSync removes the link, never what it points to.
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location?: { pointer?: string }[];
}

/** Redocly CLI on the document with the project's redocly.yaml, as a child process. */
export async function redoclyLint(file: string): Promise<{ errors: number; warnings: number; problems: LintProblem[] }> {
  const cli = join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NODE_OPTIONS: '' };
  const args = [cli, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json', '--max-problems', '1000'];
  // Exit code 1 means "problems found": the JSON report is what counts.
  const { stdout } = await run(process.execPath, args, { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }).catch((e: { stdout?: string; stderr?: string }) => {
    if (!e.stdout) throw new Error(`redocly lint did not run: ${e.stderr}`);
    return { stdout: e.stdout };
  });
  const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: LintProblem[] };
  return { errors: report.totals.errors, warnings: report.totals.warnings, problems: report.problems };
}

/** openapi-typescript's `paths` and `components` types of the document, written beside it. */
export async function generateTypes(documentFile: string, outFile: string): Promise<void> {
  const cli = join(ROOT, 'node_modules/openapi-typescript/bin/cli.js');
  await run(process.execPath, [cli, documentFile, '--output', outFile], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } });
}

/** tsc on a scratch project; resolves with its diagnostics (empty when it compiles). */
export async function typeCheck(dir: string, files: string[], outDir?: string): Promise<string> {
  const tsconfig = {
    compilerOptions: {
      target: 'es2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      lib: ['es2022', 'dom'],
      types: ['node'],
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      ...(outDir ? { outDir } : { noEmit: true }),
    },
    files,
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  try {
    await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dir, env: { ...process.env, NODE_OPTIONS: '' } });
    return '';
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  }
}

export async function runNode(file: string, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [file, ...args], { env: { ...process.env, NODE_OPTIONS: '' } });
  return stdout;
}

/**
 * OpenAPI 3.0 schemas as JSON Schema for Ajv: `nullable` becomes a null alternative, and, when
 * `closed`, an object schema with properties and no `additionalProperties` admits no others, so
 * an answer with a field the document does not describe fails (free-form objects say
 * `additionalProperties: true`). allOf parts stay open: closing them would refuse each other's fields.
 */
export function toJsonSchema(schema: unknown, closed: boolean, inAllOf = false): any {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, closed, inAllOf));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema as Schema)) {
    if (key === '$ref') out[key] = String(value).replace('#/components/schemas/', 'doc#/components/schemas/');
    else if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, toJsonSchema(v, closed)]));
    else if (key === 'allOf') out[key] = (value as unknown[]).map((s) => toJsonSchema(s, closed, true));
    else if (['items', 'additionalProperties', 'anyOf', 'oneOf', 'not'].includes(key)) out[key] = toJsonSchema(value, closed);
    else if (key !== 'nullable' && key !== 'example') out[key] = value;
  }
  if (closed && !inAllOf && out['properties'] && out['additionalProperties'] === undefined) out['additionalProperties'] = false;
  if ((schema as Schema)['nullable'] !== true) return out;
  if (typeof out['type'] === 'string' && !out['allOf'] && !out['oneOf'] && !out['anyOf']) {
    return { ...out, type: [out['type'], 'null'], ...(out['enum'] ? { enum: [...out['enum'], null] } : {}) };
  }
  return { anyOf: [out, { type: 'null' }] };
}

/** Validators for answers, against the document's own schemas. */
export function answerValidator(doc: OpenApiDocument, closed: boolean): (schema: Schema) => ValidateFunction {
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const schemas = Object.fromEntries(Object.entries(doc.components.schemas).map(([name, s]) => [name, toJsonSchema(s, closed)]));
  ajv.addSchema({ $id: 'doc', components: { schemas } });
  const cache = new Map<string, ValidateFunction>();
  return (schema) => {
    const key = JSON.stringify(schema);
    if (!cache.has(key)) cache.set(key, ajv.compile(toJsonSchema(schema, closed)));
    return cache.get(key)!;
  };
}
