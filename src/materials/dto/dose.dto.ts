import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsMolarUnit } from './material-validators';
import { NoControlCharacters } from '../../common/validation/no-control-characters';

/** A drug concentration as entered: value and molar unit. */
export class DoseDto {
  @ApiProperty({ example: 0.5, minimum: 0 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000_000)
  value!: number;

  @ApiProperty({ example: 'µM', description: 'Molar unit: pM, nM, µM (or uM), mM, M' })
  @IsString()
  @NoControlCharacters()
  @IsMolarUnit()
  @MaxLength(16)
  unit!: string;
}

/** A stored drug concentration: as entered, and in mol/L for comparison. */
export class StoredDoseDto {
  @ApiProperty({ example: 0.5 }) value!: number;
  @ApiProperty({ example: 'µM', description: 'Unit as entered, canonical spelling' })
  unit!: string;
  @ApiProperty({ example: 5e-7, description: 'The same dose in mol/L' }) valueMolar!: number;
}
