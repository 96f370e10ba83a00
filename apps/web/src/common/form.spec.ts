import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { BudgetExceededError, PaymentExceedsAwardError, PaymentHeldError } from '#domain/index.js';
import { DomainError, ValidationError } from '#platform/index.js';
import { createTranslator, loadCatalogue } from '../i18n/i18n.js';
import { createFilters } from '../rendering/filters.js';
import { problemFromDomainError, toFormErrors } from './form-errors.js';
import { DateInput, MoneyInput } from './form-inputs.js';
import { FormPipe } from './form.pipe.js';
import { FormInvalid } from './web-errors.js';

const t = createTranslator(loadCatalogue(join(process.cwd(), 'apps/web/locales/en')));
const filters = createFilters(t);

/** A form like a later page's: a text field, money and a GOV.UK date input. */
class PaymentForm {
  @IsString({ message: 'probe.note.missing' })
  @IsNotEmpty({ message: 'probe.note.missing' })
  @MaxLength(10, { message: 'probe.note.tooLong' })
  note: string;

  @MoneyInput('probe.amount')
  amount: number;

  @DateInput('probe.plannedDate')
  plannedDate: string;

  @DateInput('probe.paidDate', { optional: true })
  paidDate: string | null;
}

const pipe = new FormPipe();
const parse = (body: Record<string, string>) => pipe.transform(body, { type: 'body', metatype: PaymentForm });

async function problems(body: Record<string, string>) {
  try {
    await parse(body);
  } catch (error) {
    if (error instanceof FormInvalid) return error.problems;
    throw error;
  }
  throw new Error('expected the form to be refused');
}

const valid = { _csrf: 'token', note: 'first', amount: '£1,234.56', 'plannedDate-day': '31', 'plannedDate-month': '3', 'plannedDate-year': '2026', 'paidDate-day': '', 'paidDate-month': '', 'paidDate-year': '' };

describe('FormPipe', () => {
  it('converts money to exact pence and date inputs to YYYY-MM-DD, and drops fields the form does not declare', async () => {
    const form = (await parse(valid)) as PaymentForm;
    expect(form).toBeInstanceOf(PaymentForm);
    expect({ ...form }).toEqual({ note: 'first', amount: 123456, plannedDate: '2026-03-31', paidDate: null });
    expect(((await parse({ ...valid, amount: '1,234' })) as PaymentForm).amount).toBe(123400);
    expect(((await parse({ ...valid, amount: '0.29' })) as PaymentForm).amount).toBe(29);
  });

  it('names each wrong field once, in the order the page sent them, with the date part to link to', async () => {
    const found = await problems({ note: '', amount: '12.345', 'plannedDate-day': '30', 'plannedDate-month': '2', 'plannedDate-year': '2026', 'paidDate-day': '1', 'paidDate-month': '', 'paidDate-year': '2026' });
    expect(found).toEqual([
      { field: 'note', key: 'probe.note.missing' },
      { field: 'amount', key: 'probe.amount.precision' },
      { field: 'plannedDate', key: 'probe.plannedDate.not-real', params: { parts: ['day', 'month', 'year'] }, href: '#plannedDate-day' },
      { field: 'paidDate', key: 'probe.paidDate.missing', params: { parts: ['month'] }, href: '#paidDate-month' },
    ]);
  });

  it('refuses a required date left empty and money typed as words', async () => {
    const found = await problems({ ...valid, amount: 'ten pounds', 'plannedDate-day': '', 'plannedDate-month': '', 'plannedDate-year': '' });
    expect(found.map((p) => p.key)).toEqual(['probe.amount.format', 'probe.plannedDate.empty']);
  });

  it('leaves parameters that are not form bodies alone', async () => {
    expect(await pipe.transform('abc', { type: 'param', metatype: String })).toBe('abc');
    expect(await pipe.transform({ a: 1 }, { type: 'body', metatype: Object })).toEqual({ a: 1 });
  });
});

describe('form errors (the one place errors become messages)', () => {
  it('builds the GOV.UK error summary and inline messages, linking each to its field', () => {
    const errors = toFormErrors(
      [
        { field: 'email', key: 'signIn.errors.emailMissing' },
        { field: 'email', key: 'signIn.errors.incorrect' },
        { field: 'startDate', key: 'no.such.message', params: { parts: ['day', 'year'] }, href: '#startDate-day' },
      ],
      t,
      filters,
    );
    expect(errors.summary).toEqual([
      { text: 'Enter your email address', href: '#email' },
      { text: 'Check this answer', href: '#startDate-day' },
    ]);
    expect(errors.fields['email']).toEqual({ text: 'Enter your email address', visuallyHiddenText: 'Error' });
    expect(errors.fields['startDate']!.parts).toEqual(['day', 'year']);
  });

  it('explains coded domain errors in words with their figures as money and dates', () => {
    const budget = problemFromDomainError(new BudgetExceededError('stream-1', 1_500_000, 1_200_000), { BUDGET_EXCEEDED: 'amount' });
    expect(toFormErrors([budget], t, filters).summary).toEqual([
      { text: 'This would take the funding stream over its budget: £12,000.00 is left, and this needs £15,000.00.', href: '#amount' },
    ]);
    const payment = problemFromDomainError(new PaymentExceedsAwardError('award-1', 250_000, 123_456, 'payment'));
    expect(toFormErrors([payment], t, filters).summary[0]!.text).toBe('This is more than the award allows: £1,234.56 is available, and £2,500.00 was entered.');
    const held = problemFromDomainError(new PaymentHeldError('award-1', [{ id: 'c1', title: 'Signed agreement', dueDate: null, status: 'open' }, { id: 'c2', title: 'Safeguarding policy', dueDate: '2026-03-31', status: 'breached' }]));
    expect(toFormErrors([held], t, filters).summary[0]!.text).toBe('Payments on this award are held by these conditions: Signed agreement (open) and Safeguarding policy (breached). An open condition holds them until it is met or waived; a breached one holds them for good.');
    const notEnded = problemFromDomainError(new DomainError('YEAR_NOT_ENDED', 'x', { financialYear: '2026/27', yearEnd: '2027-03-31' }));
    expect(toFormErrors([notEnded], t, filters).summary[0]!.text).toBe('The 2026/27 year has not ended yet. It can be closed after 31 March 2027.');
  });

  it('puts a domain validation error on the field it names, and never shows the code\'s English', () => {
    const problem = problemFromDomainError(new ValidationError('endDate', 'must not be before startDate'));
    expect(problem.field).toBe('endDate');
    const errors = toFormErrors([problem], t, filters);
    expect(errors.summary[0]).toEqual({ text: 'Check your answers: one of them cannot be accepted.', href: '#endDate' });
    const unknown = toFormErrors([problemFromDomainError(new DomainError('SOMETHING_NEW', 'internal words 12345 pence'))], t, filters);
    expect(unknown.summary[0]!.text).toBe('This could not be saved. Reload the page and check your answers, then try again.');
  });
});
