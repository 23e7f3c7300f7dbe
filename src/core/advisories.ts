/**
 * Advisory sources: where OSV records come from. A source yields documents one at a time, or says why
 * one could not be read; it never throws half-way for one bad document (a refused archive is refused
 * whole, before anything is yielded).
 */

import type { OspoError } from './errors.js';

export type AdvisoryDocument =
  | {
      kind: 'record';
      path: string;
      text: string;
      /** The text as a raw deflate stream, when the document came compressed that way (a zip entry). */
      deflated?: Buffer;
    }
  | { kind: 'skipped'; path: string; code: string; message: string };

export interface AdvisorySource<Input = readonly string[]> {
  /** Folder name under src/modules/advisories. */
  readonly id: string;
  readonly version: number;
  /** `files`: local files and dumps; `mirror`: a download of dumps; `query`: an online API per package. */
  readonly mode: 'files' | 'mirror' | 'query';
  read(input: Input): AsyncIterable<AdvisoryDocument>;
}

/** What a mirror did for one ecosystem's dump. */
export type MirrorOutcome =
  /** The local file holds records not yet taken in: just downloaded, or downloaded before and never confirmed. */
  | { ecosystem: string; status: 'updated'; file: string; bytes: number }
  /** The remote copy has not changed since the local one was downloaded and taken in. */
  | { ecosystem: string; status: 'unchanged'; file: string; bytes: 0 }
  /** Why not; `file` is the previous copy, left as it was, when there is one. */
  | { ecosystem: string; status: 'failed'; file: string | null; bytes: number; error: OspoError };

/**
 * A source in mode `mirror`: keeps local copies of a remote source's dumps up to date. It reads no
 * records itself (the files it leaves are a `files` source's input, and modules never import each
 * other), so it is a sibling of AdvisorySource rather than one: a `read` would have nothing to do.
 */
export interface AdvisoryMirror<Request> {
  readonly id: string;
  readonly version: number;
  readonly mode: 'mirror';
  /** One outcome per ecosystem, in order; one failing never stops the others. */
  download(request: Request): Promise<MirrorOutcome[]>;
  /** An `updated` file was taken in: until this is said, the next download reports it `updated` again. */
  confirm(outcome: MirrorOutcome): Promise<void>;
}

/** Anything the advisories registry lists (a mirror's request type does not matter there). */
export type AnyAdvisorySource = AdvisorySource | AdvisoryMirror<never>;
