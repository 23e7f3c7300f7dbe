/**
 * Advisory sources: where OSV records come from. A source yields documents one at a time, or says why
 * one could not be read; it never throws half-way for one bad document (a refused archive is refused
 * whole, before anything is yielded).
 */

export type AdvisoryDocument =
  | { kind: 'record'; path: string; text: string }
  | { kind: 'skipped'; path: string; code: string; message: string };

export interface AdvisorySource<Input = readonly string[]> {
  /** Folder name under src/modules/advisories. */
  readonly id: string;
  readonly version: number;
  /** `files`: local files and dumps; `mirror`: a download of dumps; `query`: an online API per package. */
  readonly mode: 'files' | 'mirror' | 'query';
  read(input: Input): AsyncIterable<AdvisoryDocument>;
}
