import type { AdvisoryMirror, MirrorOutcome } from '../../../core/advisories.js';
import { markImported } from './cache.js';
import { downloadDumps, type MirrorRequest } from './download.js';

/** osv.dev's per-ecosystem dumps (`<base>/<ecosystem>/all.zip`), kept current in a cache folder. */
export const osvMirror = {
  id: 'osv-mirror',
  version: 1,
  mode: 'mirror',
  download: (request: MirrorRequest) => downloadDumps(request),
  confirm: async (outcome: MirrorOutcome) => {
    if (outcome.status === 'updated') markImported(outcome.file);
  },
} satisfies AdvisoryMirror<MirrorRequest>;

export {
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_MS,
  type DownloadProgress,
  type MirrorRequest,
  OSV_MIRROR_URL,
} from './download.js';
