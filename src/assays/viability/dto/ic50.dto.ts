import { ApiProperty } from '@nestjs/swagger';

/*
 * The one shape of an IC50 in every response: a fit (GET /fits…), a fit summary (fold-resistance,
 * efflux reversal) and an import's analysis.
 */

export class HalfMaximalDto {
  @ApiProperty({
    description: 'Fitted midpoint between c and d (relative e), in `unit`',
  })
  concentration!: number;
  @ApiProperty({ example: 'half-maximal concentration 27.47 µM' }) display!: string;
}

export class Ic50BoundDto {
  @ApiProperty({ enum: ['>', '<'] }) relation!: '>' | '<';
  @ApiProperty({ description: 'The highest (or lowest) tested concentration' })
  concentration!: number;
}

/** An IC50 wherever a response carries one: estimate, CI, bound, display text and unit. */
export class Ic50Dto {
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'The IC50 (relative e), reported only when the fitted curve crosses 50 % inside the tested ' +
      'range; null when inactive, not converged, or a bound (see `bound`)',
  })
  relative!: number | null;
  @ApiProperty({ nullable: true, type: Number }) lnRelative!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'SE(ln IC50)' })
  seLnRelative!: number | null;
  @ApiProperty({
    nullable: true,
    type: [Number],
    description: '95 % CI exp(ln IC50 ± t(0.975, df)·SE(ln IC50))',
  })
  ci95!: [number, number] | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Concentration giving 50 % viability (only when c < 50 < d, in range)',
  })
  absolute!: number | null;
  @ApiProperty({
    nullable: true,
    type: Ic50BoundDto,
    description: 'The IC50 as a bound: "> top tested dose" (ic50-above-range) or "< lowest"',
  })
  bound!: Ic50BoundDto | null;
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description: 'false: the CI is unreliable (bottom-extrapolated); null without a CI',
  })
  ciReliable!: boolean | null;
  @ApiProperty({
    nullable: true,
    type: HalfMaximalDto,
    description:
      'The half-maximal concentration, shown labelled as such (never as the IC50) when the IC50 is a bound',
  })
  halfMaximal!: HalfMaximalDto | null;
  @ApiProperty({
    example: '2.248 µM (95 % CI 1.89–2.673)',
    description: 'The IC50 as text, 4 significant figures; "> 200 µM" for a bound',
  })
  display!: string;
  @ApiProperty({ example: 'µM', description: 'Unit of every concentration of this IC50' })
  unit!: string;
}
