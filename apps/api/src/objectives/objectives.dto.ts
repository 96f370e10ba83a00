import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class CreatePlanObjectiveDto {
  @ApiProperty({ example: '2' }) @IsString() @MinLength(1) @MaxLength(20)
  code: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(500)
  title: string;

  @ApiProperty({ example: 'Police and Crime Plan 2014-16' }) @IsString() @MinLength(1) @MaxLength(300)
  planName: string;

  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(500, { each: true }) @MinLength(1, { each: true })
  measures: string[];
}

export class PlanObjectiveQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300)
  planName?: string;
}
