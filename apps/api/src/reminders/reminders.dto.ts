import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsObject, IsString, ValidateNested } from 'class-validator';

export class ReminderStepDto {
  @ApiProperty({ example: 'overdue-3' }) @IsString()
  key: string;

  @ApiProperty({ example: 3, description: 'working days from the due date (negative: before)' }) @IsInt()
  offsetWorkingDays: number;

  @ApiProperty({ description: "copy the lead officer (the award's, else the stream's), else every active commissioner of the commissioning organisation" }) @IsBoolean()
  escalate: boolean;
}

export class ReminderPolicyDto {
  @ApiProperty({ type: [ReminderStepDto] }) @IsArray() @ArrayMaxSize(10) @IsObject({ each: true, message: '$property must be a list of objects' }) @ValidateNested({ each: true }) @Type(() => ReminderStepDto)
  steps: ReminderStepDto[];
}
