import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** One result an assay contributes to a material's evidence page, with its run and provenance. */
export interface MaterialEvidenceItem {
  runId: string | null;
  runTitle: string | null;
  /** The run's lifecycle state; `approved` means signed and locked. */
  runStatus: string | null;
  /** What the result says, in the assay's own terms (fold, CI, verdict…). */
  result: Record<string, unknown>;
  provenance: { method: string; methodVersion: string; inputHash: string } | null;
}

/**
 * An assay's contribution to `GET /materials/:id/evidence`: the results that involve the
 * material (as the resistant population or as its parental line). The materials module owns
 * the contract and the registry, so assays depend on materials and never the other way; an
 * assay module lists its sources in `provideAssay({ materialEvidence: [...] })`.
 */
export interface MaterialEvidenceSource {
  /** `fold-resistance`, `transporter-expression`, `efflux-reversal`. */
  readonly section: string;
  readonly title: string;
  collect(manager: EntityManager, materialId: string): Promise<MaterialEvidenceItem[]>;
}

/** The evidence sources the assay modules registered, in registration order. */
@Injectable()
export class MaterialEvidenceSources {
  private readonly sources: MaterialEvidenceSource[] = [];

  register(source: MaterialEvidenceSource): void {
    this.sources.push(source);
  }

  all(): readonly MaterialEvidenceSource[] {
    return this.sources;
  }
}
