import { canonicalJson, hashInput } from '../../analysis/common/provenance';
import type { ProtocolDefinition } from './protocol-definition';

/**
 * The exact bytes an e-signature on a protocol version covers: the canonical JSON of the
 * definition (keys sorted, no whitespace). Comments, key order and YAML formatting do not change
 * it; any change of a value, unit, bound, step or setting does.
 */
export function canonicalContent(definition: ProtocolDefinition): string {
  return canonicalJson(definition);
}

/**
 * sha256 (hex) of {@link canonicalContent}. Stored with the version and with every signature, so
 * that a verifier can prove which content was signed.
 */
export function contentHash(definition: ProtocolDefinition): string {
  return hashInput(definition);
}
