import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../common/dto/page.dto';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { NoControlCharacters } from '../common/validation/no-control-characters';

/** The body of every signing route: password again, and why. The meaning is fixed by the route. */
export class SignDto {
  @ApiProperty({ description: 'Your password, typed again to sign' })
  @IsString()
  @NoControlCharacters()
  @MinLength(1)
  @MaxLength(200)
  password!: string;

  @ApiProperty({ description: 'Why you sign (kept with the signature)' })
  @IsString()
  @NoControlCharacters('text')
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}

export class SignatureDto {
  @ApiProperty() id!: string;
  @ApiProperty() entity!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty() signerId!: string;
  @ApiProperty() signerName!: string;
  @ApiProperty() meaning!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'sha256 of the canonical JSON of the content signed' })
  contentHash!: string;
  @ApiProperty() signedAt!: string;
}

export class SignaturePageDto extends PageOf(SignatureDto) {}
