import { IsString, Matches } from 'class-validator';

/** Start a run: one radio, a whole year (`year:2024/25`) or one stream (`stream:<id>`). */
export class StartRunForm {
  @IsString({ message: 'reconciliation.start.scope.missing' })
  @Matches(/^(year:\d{4}\/\d{2}|stream:[0-9a-f-]{36})$/, { message: 'reconciliation.start.scope.missing' })
  scope: string;
}
