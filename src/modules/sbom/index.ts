import type { SbomFormat } from '../../core/inventory.js';
import { cycloneDxJson } from './cyclonedx-json/index.js';
import { cycloneDxXml } from './cyclonedx-xml/index.js';
import { spdxJson } from './spdx-json/index.js';
import { spdxTagValue } from './spdx-tag-value/index.js';
import { spdx3JsonLd } from './spdx3-jsonld/index.js';

/** Every SBOM format, one plug-in folder each. Adding one is a folder and a line here. */
export const sbomFormats: readonly SbomFormat[] = [
  cycloneDxJson,
  spdxJson,
  cycloneDxXml,
  spdxTagValue,
  spdx3JsonLd,
];
