import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/auth.decorators';
import { ApiProblems } from '../common/openapi/api-problems';
import { MaterialEvidenceDto } from './dto/material-evidence.dto';
import { MaterialEvidenceService } from './material-evidence.service';

@ApiTags('materials')
@ApiBearerAuth()
@Roles('scientist', 'manager')
@Controller('materials')
export class MaterialEvidenceController {
  constructor(private readonly evidence: MaterialEvidenceService) {}

  @Get(':id/evidence')
  @ApiOperation({
    summary:
      'The evidence chain of a resistant population or its parental line: fold-resistance (MTT), transporter fold changes (qPCR) and efflux-inhibitor verdicts, each with its run, approval state and provenance',
  })
  @ApiOkResponse({ type: MaterialEvidenceDto })
  @ApiProblems('NOT_FOUND')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<MaterialEvidenceDto> {
    return this.evidence.evidence(id);
  }
}
