import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { newId } from '../common/base.entity';
import { UnitOfWork } from '../common/database/unit-of-work.service';
import { SYSTEM_SIGNER_ID, SignaturesService } from '../signatures/signatures.service';
import {
  defaultProtocolsDir,
  formatFileProblems,
  loadProtocolFiles,
  type ProtocolFile,
} from './definition/protocol-files';
import { versionAuditView } from './protocol.mapper';
import { PROTOCOL_VERSION_ENTITY } from './protocol-reviews.service';
import { ProtocolVersion } from './protocol-version.entity';
import { Protocol } from './protocol.entity';

// Key of the PostgreSQL advisory lock that lets one API node at a time load the files.
const PROTOCOL_FILES_LOCK_KEY = 7_284_613;
const SYSTEM = 'protocol-files';

export interface ProtocolFilesLoadReport {
  dir: string;
  /** `key@version` of each file loaded now as an approved version. */
  inserted: string[];
  /** `key@version` of each file whose content was already in the database. */
  unchanged: string[];
}

/** Start-up refusal: a protocol file is not valid, or conflicts with what is stored. */
export class ProtocolFilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolFilesError';
  }
}

/**
 * Loads the lab's SOP templates from `protocols/` at start. A file that does not validate
 * refuses the boot, naming file, line and key path. Each file's content that is not yet stored
 * becomes an approved version signed by the system; the same content again adds nothing.
 */
@Injectable()
export class ProtocolFilesLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger('ProtocolFiles');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly signatures: SignaturesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const report = await this.load();
    this.logger.log(
      `protocol files in ${report.dir}: ${report.inserted.length} loaded as approved versions` +
        (report.inserted.length ? ` (${report.inserted.join(', ')})` : '') +
        `, ${report.unchanged.length} unchanged`,
    );
  }

  async load(dir: string = defaultProtocolsDir()): Promise<ProtocolFilesLoadReport> {
    const result = loadProtocolFiles(dir);
    if (!result.ok) {
      throw new ProtocolFilesError(
        `protocol definition files in ${dir} are not valid:\n${formatFileProblems(result.problems)}`,
      );
    }
    // Versions of one protocol in order, so v2 is loaded after v1.
    const files = [...result.files].sort(
      (a, b) =>
        a.definition.key.localeCompare(b.definition.key) ||
        a.definition.version - b.definition.version,
    );
    const report: ProtocolFilesLoadReport = { dir, inserted: [], unchanged: [] };
    await this.uow.run(async (m) => {
      // Several API nodes may start at once on one PostgreSQL: one loads, the others then see it.
      if (this.uow.engine === 'postgres') {
        await m.query('SELECT pg_advisory_xact_lock($1)', [PROTOCOL_FILES_LOCK_KEY]);
      }
      for (const file of files) {
        const id = `${file.definition.key}@${file.definition.version}`;
        if (await this.loadFile(m, file)) report.inserted.push(id);
        else report.unchanged.push(id);
      }
    });
    return report;
  }

  /** Stores one file's content as an approved, system-signed version; false when already stored. */
  private async loadFile(m: EntityManager, file: ProtocolFile): Promise<boolean> {
    const { definition } = file;
    const protocols = m.getRepository(Protocol);
    const versions = m.getRepository(ProtocolVersion);
    let protocol = await protocols.findOneBy({ key: definition.key });
    if (protocol) {
      const stored = await versions.findOneBy({
        protocolId: protocol.id,
        version: definition.version,
      });
      if (stored?.contentHash === file.contentHash) return false;
      if (stored) {
        // Approved content never changes in place: a change to a file is a new file.
        throw new ProtocolFilesError(
          `${file.fileName}: ${definition.key} version ${definition.version} is already stored with other content ` +
            `(content hash ${stored.contentHash}, ${stored.status}; the file has ${file.contentHash}). ` +
            `Stored versions are immutable: put the change in a new file, ${definition.key}.v<next>.yaml.`,
        );
      }
    } else {
      protocol = protocols.create({
        id: newId(),
        key: definition.key,
        title: definition.title,
        createdById: null,
      });
      await protocols.insert(protocol);
      await this.audit.record(m, {
        actor: { system: SYSTEM },
        action: 'create',
        entity: 'protocol',
        id: protocol.id,
        after: { key: protocol.key, title: protocol.title, sourceFile: file.fileName },
      });
    }
    const now = new Date().toISOString();
    const version = versions.create({
      id: newId(),
      protocolId: protocol.id,
      version: definition.version,
      status: 'approved',
      definition,
      contentHash: file.contentHash,
      authorId: null,
      source: 'file',
      sourceFile: file.fileName,
      submittedAt: null,
      approvedAt: now,
      approvedById: SYSTEM_SIGNER_ID,
      retiredAt: null,
      reviewComments: null,
    });
    await versions.insert(version);
    await this.audit.record(m, {
      actor: { system: SYSTEM },
      action: 'create',
      entity: PROTOCOL_VERSION_ENTITY,
      id: version.id,
      after: {
        ...versionAuditView(version),
        source: 'file',
        sourceFile: file.fileName,
        definition,
      },
      reason: `loaded from protocols/${file.fileName}`,
    });
    const signature = await this.signatures.signAsSystem(m, SYSTEM, {
      meaning: 'approved',
      reason: `SOP template loaded from protocols/${file.fileName} at start`,
      entity: PROTOCOL_VERSION_ENTITY,
      entityId: version.id,
      content: definition,
    });
    // Approved when signed, not a moment before (approvedAt never precedes signedAt).
    await versions.update({ id: version.id }, { approvedAt: signature.signedAt });
    if (protocol.title !== definition.title) {
      await protocols.update({ id: protocol.id }, { title: definition.title });
    }
    return true;
  }
}
