import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class RenameSessionDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Work laptop' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  deviceName: string;
}
