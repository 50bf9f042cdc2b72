import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class StartRunDto {
  @ApiPropertyOptional({ description: 'When the bench work began (ISO 8601); default: now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  actualStartAt?: string;
}

export class CompleteRunDto {
  @ApiPropertyOptional({
    description: 'When the bench work ended (ISO 8601); default: now (kept when already set)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  actualEndAt?: string;
}
