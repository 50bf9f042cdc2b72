import { Injectable, type OnModuleInit, type Provider } from '@nestjs/common';
import { defaultProtocolsDir, protocolFamiliesIn } from './definition/protocol-files';

/**
 * Protocol families (the `key` of protocols/<key>.v<n>.yaml) whose analysis is not written yet.
 * Their runs can be planned, run and approved, but nothing analyses their data in the LIMS.
 * This is the only such list: the module that brings a family's analysis deletes the family's
 * line here in the same commit as its `provideAssay({ families: [...] })` (a family both listed
 * here and registered stops the boot, so the list cannot go stale).
 */
export const FAMILIES_WITHOUT_ANALYSIS_YET: Readonly<Record<string, string>> = {};

/** Start-up refusal: a protocol family has no analysis, or two modules claim one. */
export class AssayWiringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssayWiringError';
  }
}

/**
 * Which module analyses which protocol family. Assay modules register their families at start
 * (`provideAssay`, or {@link provideAssayFamilies} for a module outside src/assays); once every
 * provider exists, the boot stops while a family of protocols/ has neither an analysis nor a
 * line in {@link FAMILIES_WITHOUT_ANALYSIS_YET}.
 */
@Injectable()
export class AssayFamilies implements OnModuleInit {
  private readonly byFamily = new Map<string, string>();

  register(assay: string, families: readonly string[]): void {
    for (const family of families) {
      const other = this.byFamily.get(family);
      if (other !== undefined) {
        throw new AssayWiringError(
          `protocol family "${family}" is registered by two assay modules (${other}, ${assay})`,
        );
      }
      if (family in FAMILIES_WITHOUT_ANALYSIS_YET) {
        throw new AssayWiringError(
          `protocol family "${family}" is registered by the ${assay} assay but still listed as ` +
            'not analysed yet: delete its line from FAMILIES_WITHOUT_ANALYSIS_YET ' +
            '(src/protocols/assay-families.ts)',
        );
      }
      this.byFamily.set(family, assay);
    }
  }

  /** The assay module that analyses a family, or undefined. */
  analysedBy(family: string): string | undefined {
    return this.byFamily.get(family);
  }

  /**
   * Throws AssayWiringError naming every family (family → its file) that nothing analyses and
   * that is not listed as not analysed yet.
   */
  assertEveryFamilyAnalysed(families: ReadonlyMap<string, string>): void {
    const missing = [...families].filter(
      ([family]) => !this.byFamily.has(family) && !(family in FAMILIES_WITHOUT_ANALYSIS_YET),
    );
    if (missing.length === 0) return;
    const list = missing.map(([family, file]) => `"${family}" (${file})`).join(', ');
    throw new AssayWiringError(
      `no analysis is registered for protocol family ${list}. Register the assay module that ` +
        'analyses it (provideAssay in its module, imported by AppModule), or, while its ' +
        'analysis is not written, list it in FAMILIES_WITHOUT_ANALYSIS_YET ' +
        '(src/protocols/assay-families.ts).',
    );
  }

  /** Runs after every module's providers exist (and registered), before the app starts. */
  onModuleInit(): void {
    this.assertEveryFamilyAnalysed(protocolFamiliesIn(defaultProtocolsDir()));
  }
}

/** Registers protocol families analysed by a module that is not an assay module (runs). */
export function provideAssayFamilies(assay: string, families: readonly string[]): Provider {
  return {
    provide: Symbol(`assay families: ${assay}`),
    inject: [AssayFamilies],
    useFactory: (registry: AssayFamilies) => {
      registry.register(assay, families);
      return families;
    },
  };
}
