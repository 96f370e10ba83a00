import { IsUUID } from 'class-validator';

/** Which outcome framework an award is measured against. */
export class AttachFrameworkForm {
  @IsUUID('all', { message: 'outcomes.attach.missing' })
  outcomeFrameworkId: string;
}
