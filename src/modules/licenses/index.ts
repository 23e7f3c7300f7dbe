import type { LicenseDetector } from '../../core/licenses.js';
import { licenseText } from './license-text/index.js';
import { spdxHeader } from './spdx-header/index.js';

export { licenseFileKind } from './license-text/index.js';

/** Every license evidence detector, registered once each under its folder name. */
export const licenseDetectors: readonly LicenseDetector[] = [licenseText, spdxHeader];
