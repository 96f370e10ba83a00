import { ApiProperty } from '@nestjs/swagger';
import type { PlanObjectiveView } from '#domain/index.js';

export class PlanMeasureResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Reduction in reoffending by young people' }) title: string;
}

/** An objective of the Police and Crime Plan, with its measures. */
export class PlanObjectiveResponse implements PlanObjectiveView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'Police and Crime Plan 2014-16' }) planName: string;
  @ApiProperty({ type: [PlanMeasureResponse] }) measures: PlanMeasureResponse[];
}
