import { ApiProperty } from '@nestjs/swagger';
import { IsFinancialYear } from '../common/validation.js';

export class Giving360Query {
  @ApiProperty({ example: '2014/15' }) @IsFinancialYear()
  financialYear: string;
}
