import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** The officer's decision on a submitted return: accept it, or ask for changes (with a comment). */
export class ReviewForm {
  @IsIn(['accept', 'request-revision'], { message: 'returns.review.decision.missing' })
  decision: 'accept' | 'request-revision';

  @IsOptional()
  @IsString()
  @MaxLength(5000, { message: 'returns.review.comment.tooLong' })
  comment?: string;
}

/** Reopening an accepted return, with the reason the partner will see. */
export class ReopenForm {
  @IsString({ message: 'returns.reopen.reason.missing' })
  @IsNotEmpty({ message: 'returns.reopen.reason.missing' })
  @MaxLength(5000, { message: 'returns.review.comment.tooLong' })
  reason: string;
}
