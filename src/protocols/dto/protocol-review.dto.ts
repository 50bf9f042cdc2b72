import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

/** Body of `reject`: the reviewer's comments are required. */
export class ReviewCommentsDto {
  @ApiProperty({ description: 'What the author must change (kept on the version and audited)' })
  @IsString()
  @NoControlCharacters('text')
  @MinLength(3)
  @MaxLength(5000)
  comments!: string;
}

/** Body of `retire`. */
export class RetireDto {
  @ApiProperty({ description: 'Why no new runs may use this version' })
  @IsString()
  @NoControlCharacters('text')
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}

/** Body of `withdraw` (optional). */
export class WithdrawDto {
  @ApiPropertyOptional({ description: 'Why the author takes the version back' })
  @IsOptional()
  @IsString()
  @NoControlCharacters('text')
  @MaxLength(2000)
  reason?: string;
}
