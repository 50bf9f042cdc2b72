import { Module } from '@nestjs/common';
import { EffluxController } from './efflux.controller';
import { EffluxService } from './efflux.service';

/** Efflux-inhibitor assays on top of the viability fits (ViabilityModule is global). */
@Module({
  controllers: [EffluxController],
  providers: [EffluxService],
})
export class EffluxModule {}
