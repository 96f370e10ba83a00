import { BadRequestException, type PipeTransform, type Type } from '@nestjs/common';
import { createValidationPipe } from '../common/validation.js';

/** `targets.2.indicatorCode` -> `targets[2].indicatorCode` (not touching numbers like 2.5). */
function bracketed(text: string): string {
  return text.replace(/(?<=[A-Za-z_\]])\.(\d+)(?=[.\s;]|$)/g, '[$1]');
}

/**
 * Validates an outcomes body exactly as the global pipe does (whitelist, unknown fields refused,
 * no coercion), but names list items with brackets, `targets[2].indicatorCode`, as the outcomes
 * domain names the fields it refuses, so one request's errors all read alike. With `listField`
 * the body is a JSON array, validated as that field of `dto` (PUT /api/awards/:id/targets).
 *
 * Use it on a parameter whose declared type is an interface or type literal: the global pipe
 * skips those (their design type is Object) and leaves the validation to this one.
 */
export class OutcomesBodyPipe<T> implements PipeTransform<unknown, Promise<T>> {
  private readonly validation = createValidationPipe();

  constructor(
    private readonly dto: Type<T>,
    private readonly listField?: string,
  ) {}

  async transform(value: unknown): Promise<T> {
    if (this.listField && !Array.isArray(value)) {
      const message = `the body must be a JSON array of ${this.listField}`;
      throw new BadRequestException({ message, errors: [{ field: 'body', messages: [message] }], code: 'VALIDATION' });
    }
    const input = this.listField ? { [this.listField]: value } : value;
    try {
      return (await this.validation.transform(input, { type: 'body', metatype: this.dto })) as T;
    } catch (error) {
      if (!(error instanceof BadRequestException)) throw error;
      const body = error.getResponse() as { message?: string; errors?: { field: string; messages: string[] }[]; code?: string };
      throw new BadRequestException({
        ...body,
        message: bracketed(String(body.message ?? 'invalid input')),
        errors: (body.errors ?? []).map((e) => ({ field: bracketed(e.field), messages: e.messages.map(bracketed) })),
      });
    }
  }
}
