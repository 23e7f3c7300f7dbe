import type { Extractor } from '../../core/inventory.js';
import { extractors } from '../../modules/ecosystems/index.js';
import { sbomFormats } from '../../modules/sbom/index.js';
import { sbomExtractor } from './sbom.js';

/** Everything a scan runs: every lockfile and manifest plug-in, and SBOM documents. */
export const scanExtractors: readonly Extractor[] = [...extractors, sbomExtractor(sbomFormats)];

export { sbomFormats };
