import { IsString, MaxLength, MinLength } from 'class-validator';

export class RenameSessionDto {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  deviceName: string;
}
