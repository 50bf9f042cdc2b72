import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SignaturesModule } from '../signatures/signatures.module';
import { AssayFamilies } from './assay-families';
import { ProtocolFilesLoader } from './protocol-files-loader.service';
import { ProtocolReviewsService } from './protocol-reviews.service';
import { ProtocolVersionsController } from './protocol-versions.controller';
import { ProtocolVersionsReader } from './protocol-versions.reader';
import { ProtocolsController } from './protocols.controller';
import { ProtocolsService } from './protocols.service';
import { PROTOCOL_AUDIT_READ_POLICIES } from './protocol-audit-policies';

/**
 * The lab's SOP templates: versioned protocol definitions with review and e-signature, loaded
 * from `protocols/` at start. Other modules use ProtocolVersionsReader (or
 * ProtocolsService.getApprovedVersion) to accept only approved versions.
 */
@Module({
  imports: [AuditModule, SignaturesModule],
  controllers: [ProtocolsController, ProtocolVersionsController],
  providers: [
    ProtocolsService,
    ProtocolReviewsService,
    ProtocolVersionsReader,
    ProtocolFilesLoader,
    AssayFamilies,
    PROTOCOL_AUDIT_READ_POLICIES,
  ],
  exports: [ProtocolsService, ProtocolReviewsService, ProtocolVersionsReader, AssayFamilies],
})
export class ProtocolsModule {}
