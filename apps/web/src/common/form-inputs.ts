import 'reflect-metadata';

/**
 * Form fields that people type the way they write, converted by the FormPipe before the
 * controller sees them (docs/web-contract.md#conventions): money (`1234.56`, `£1,234.56`, `1,234` -> integer pence) and
 * GOV.UK date inputs (`<name>-day`, `<name>-month`, `<name>-year` -> `YYYY-MM-DD`).
 *
 * `messages` is a catalogue prefix; each problem has its own entry under it:
 *   money: `<prefix>.empty`, `.format`, `.precision`, `.too-large`
 *   date:  `<prefix>.empty`, `.missing` (with {parts}), `.year-digits`, `.not-real`
 */
export interface SpecialInput {
  kind: 'money' | 'date';
  property: string;
  messages: string;
  optional: boolean;
}

const SPECIAL_INPUTS = Symbol('ringfence:web:special-inputs');

function register(target: object, input: SpecialInput): void {
  const existing = (Reflect.getMetadata(SPECIAL_INPUTS, target) as SpecialInput[] | undefined) ?? [];
  Reflect.defineMetadata(SPECIAL_INPUTS, [...existing, input], target);
}

/** The property becomes integer pence (a number); an empty optional field becomes null. */
export function MoneyInput(messages: string, options: { optional?: boolean } = {}): PropertyDecorator {
  return (target, property) => register(target, { kind: 'money', property: String(property), messages, optional: options.optional ?? false });
}

/** The property becomes `YYYY-MM-DD`, read from the three boxes of a GOV.UK date input; an empty optional date becomes null. */
export function DateInput(messages: string, options: { optional?: boolean } = {}): PropertyDecorator {
  return (target, property) => register(target, { kind: 'date', property: String(property), messages, optional: options.optional ?? false });
}

export function specialInputsOf(formClass: Function): SpecialInput[] {
  return (Reflect.getMetadata(SPECIAL_INPUTS, formClass.prototype as object) as SpecialInput[] | undefined) ?? [];
}
