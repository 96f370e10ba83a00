import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { parseDateParts, parsePounds } from '#platform/index.js';
import { specialInputsOf, type SpecialInput } from './form-inputs.js';
import { FormInvalid, type FieldProblem } from './web-errors.js';

const NOT_FORMS = new Set<unknown>([Object, String, Number, Boolean, Array, undefined]);

type Body = Record<string, unknown>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Converts one money or date input, or says what is wrong with it. */
function convert(input: SpecialInput, body: Body): { value: unknown } | { problem: FieldProblem } {
  if (input.kind === 'money') {
    const typed = text(body[input.property]);
    if (input.optional && (typed ?? '').trim() === '') return { value: null };
    const parsed = parsePounds(typed);
    return parsed.ok ? { value: parsed.pence } : { problem: { field: input.property, key: `${input.messages}.${parsed.problem}` } };
  }
  const parts = { day: text(body[`${input.property}-day`]), month: text(body[`${input.property}-month`]), year: text(body[`${input.property}-year`]) };
  const parsed = parseDateParts(parts);
  if (parsed.ok) return { value: parsed.date };
  if (parsed.problem === 'empty' && input.optional) return { value: null };
  const wrong = parsed.problem === 'missing' || parsed.problem === 'not-real' ? parsed.parts : parsed.problem === 'year-digits' ? ['year'] : ['day', 'month', 'year'];
  return {
    problem: {
      field: input.property,
      key: `${input.messages}.${parsed.problem}`,
      params: { parts: wrong },
      href: `#${input.property}-${wrong[0]}`,
    },
  };
}

function validationProblems(errors: ValidationError[]): FieldProblem[] {
  return errors.map((error) => ({ field: error.property, key: Object.values(error.constraints ?? {})[0] ?? 'form.invalid' }));
}

/**
 * Every web form's @Body() goes through here: money and date inputs are converted (form-inputs.ts),
 * the rest checked with the form class's class-validator decorators, whose messages are catalogue
 * keys. Fields the class does not declare (the CSRF token) are dropped. Any problem throws
 * FormInvalid with one problem per field, in the order the page sent them, so the error summary
 * lists them as the form shows them.
 */
@Injectable()
export class FormPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body' || NOT_FORMS.has(metadata.metatype)) return value;
    const formClass = metadata.metatype as new () => object;
    const body: Body = value && typeof value === 'object' ? (value as Body) : {};
    const special = specialInputsOf(formClass);
    const specialNames = new Set(special.flatMap((s) => [s.property, `${s.property}-day`, `${s.property}-month`, `${s.property}-year`]));
    const ordinary = Object.fromEntries(Object.entries(body).filter(([key]) => !specialNames.has(key)));

    const form = plainToInstance(formClass, ordinary) as Record<string, unknown>;
    const problems = validationProblems(await validate(form, { whitelist: true, forbidNonWhitelisted: false, stopAtFirstError: true, forbidUnknownValues: false })).filter(
      (p) => !special.some((s) => s.property === p.field),
    );
    for (const input of special) {
      const converted = convert(input, body);
      if ('problem' in converted) problems.push(converted.problem);
      else form[input.property] = converted.value;
    }
    if (problems.length > 0) {
      const order = Object.keys(body);
      const position = (p: FieldProblem) => {
        const at = order.findIndex((key) => key === p.field || key.startsWith(`${p.field}-`));
        return at < 0 ? order.length : at;
      };
      throw new FormInvalid(problems.sort((a, b) => position(a) - position(b)));
    }
    return form;
  }
}
