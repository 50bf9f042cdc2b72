import { Module } from '@nestjs/common';
import { PlateLayoutsController } from './plate-layouts.controller';
import { PlateLayoutsService } from './plate-layouts.service';
import { PlatesController } from './plates.controller';
import { PlatesService } from './plates.service';

@Module({
  controllers: [PlateLayoutsController, PlatesController],
  providers: [PlateLayoutsService, PlatesService],
  exports: [PlateLayoutsService, PlatesService],
})
export class PlatesModule {}
