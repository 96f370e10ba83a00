import { BadRequestException } from '@nestjs/common';

/**
 * Optimistic concurrency: the version a client read, from the body's `version` or an
 * `If-Match: "3"` header (weak or strong). Both given and different is a 400.
 */
export function versionFrom(bodyVersion: number | undefined, ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return bodyVersion;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
  if (!m) throw new BadRequestException({ message: 'If-Match must be the version you read, e.g. "3"', errors: [{ field: 'If-Match', messages: ['invalid'] }] });
  const version = Number(m[1]);
  if (bodyVersion !== undefined && bodyVersion !== version) {
    throw new BadRequestException({ message: 'version and If-Match disagree', errors: [{ field: 'version', messages: ['disagrees with If-Match'] }] });
  }
  return version;
}
