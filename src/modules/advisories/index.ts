import type { AdvisorySource } from '../../core/advisories.js';
import { osvFiles } from './osv-files/index.js';

/** Every advisory source, one plug-in folder each. Adding one is a folder and a line here. */
export const advisorySources: readonly AdvisorySource[] = [osvFiles];

export { osvFiles };
