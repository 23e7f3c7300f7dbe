import type { AnyAdvisorySource } from '../../core/advisories.js';
import { osvFiles } from './osv-files/index.js';
import { osvMirror } from './osv-mirror/index.js';

/** Every advisory source, one plug-in folder each. Adding one is a folder and a line here. */
export const advisorySources: readonly AnyAdvisorySource[] = [osvFiles, osvMirror];

export { type DownloadProgress, type MirrorRequest, OSV_MIRROR_URL } from './osv-mirror/index.js';
export { osvFiles, osvMirror };
