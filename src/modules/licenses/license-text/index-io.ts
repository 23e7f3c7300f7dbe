import { createRequire } from 'node:module';
import { type LicenseIndex, type ReferenceText, withVocabularySets } from './corpus.js';
import { isCopyrightLine, splitCopyrightLine, stripLineMarkers, tokenize } from './normalize.js';

/** Bump when the index's content or layout changes in a way the fingerprint below cannot see. */
const INDEX_FORMAT = 1;
const MAGIC = 'OSPOLIX1';

/** A probe of the normalization rules: a change to them changes its words, and so the fingerprint. */
const PROBE =
  'Copyright (c) 2020 Jane\n 1. The Licence, sub-license:\n * (a) http://x HOLDERS ©\n[name] <year> Copyright Treaty 2.0+\nAll rights reserved.';

/**
 * What a saved index must have been built by: this format, the SPDX data package versions and the
 * normalization code. A saved index with another fingerprint is not used.
 */
export function indexFingerprint(): string {
  const require = createRequire(import.meta.url);
  const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
  const code = [tokenize, isCopyrightLine, splitCopyrightLine, stripLineMarkers].map(String).join('\n');
  const probe = tokenize(PROBE, { placeholders: true }).words.join(' ');
  const data = `${version('spdx-license-list')}/${version('spdx-license-ids')}/${version('spdx-exceptions')}`;
  return `${INDEX_FORMAT}-${data.replace(/[^\w.-]+/g, '_')}-${hash(`${code}\n${probe}`)}`;
}

interface Header {
  fingerprint: string;
  vocabulary: [string, number][];
  texts: (Omit<ReferenceText, 'tokens' | 'optional' | 'bigrams'> & { at: [number, number, number] })[];
  postings: [keys: number, starts: number, texts: number];
  counts: [keys: number, starts: number, texts: number];
  ownCopyrights: string[];
  licenseIds: string[];
  exceptionIds: string[];
  deprecatedIds: string[];
  names: [string, string][];
  words: number;
}

/**
 * The index as bytes: MAGIC, a JSON header (strings and offsets), then every word, bigram and posting
 * as one Int32 section and the optional-word flags as one byte section, for `restoreLicenseIndex`.
 */
export function serializeLicenseIndex(index: LicenseIndex): Uint8Array {
  const ints: Int32Array[] = [];
  let offset = 0;
  const put = (array: Int32Array) => {
    ints.push(array);
    const at = offset;
    offset += array.length;
    return at;
  };
  const flags: Uint8Array[] = [];
  let flagOffset = 0;
  const texts: Header['texts'] = index.texts.map((t) => {
    const { tokens, optional, bigrams, ...rest } = t;
    flags.push(optional);
    const at: [number, number, number] = [put(tokens), flagOffset, put(bigrams)];
    flagOffset += optional.length;
    return { ...rest, at };
  });
  const { keys, starts, texts: postingTexts } = index.postings;
  const header: Header = {
    fingerprint: indexFingerprint(),
    vocabulary: [...index.vocabulary],
    texts,
    postings: [put(keys), put(starts), put(postingTexts)],
    counts: [keys.length, starts.length, postingTexts.length],
    ownCopyrights: [...index.ownCopyrights],
    licenseIds: [...index.licenseIds.values()],
    exceptionIds: [...index.exceptionIds.values()],
    deprecatedIds: [...index.deprecatedIds],
    names: [...index.names],
    words: offset,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const intStart = align4(MAGIC.length + 4 + json.length);
  const out = new Uint8Array(intStart + offset * 4 + flagOffset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  out.set(json, MAGIC.length + 4);
  const view = new Int32Array(out.buffer, intStart, offset);
  let at = 0;
  for (const array of ints) {
    view.set(array, at);
    at += array.length;
  }
  let flagAt = intStart + offset * 4;
  for (const f of flags) {
    out.set(f, flagAt);
    flagAt += f.length;
  }
  return out;
}

/** An index from `serializeLicenseIndex` bytes; null when they are not one or were built otherwise. */
export function restoreLicenseIndex(bytes: Uint8Array): LicenseIndex | null {
  try {
    if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) return null;
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const jsonLength = dv.getUint32(MAGIC.length, true);
    const header = JSON.parse(
      new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + jsonLength)),
    ) as Header;
    if (header.fingerprint !== indexFingerprint()) return null;
    const intStart = align4(MAGIC.length + 4 + jsonLength);
    const flagStart = intStart + header.words * 4;
    // a copy, aligned for Int32 (a Node Buffer's slice() would be a view at any offset)
    const copy = new Uint8Array(bytes.subarray(intStart, flagStart));
    const ints = new Int32Array(copy.buffer, 0, header.words);
    const flags = bytes.subarray(flagStart);
    const texts: ReferenceText[] = header.texts.map(({ at, ...rest }, k) => {
      const next = header.texts[k + 1];
      const length = (next ? next.at[1] : flags.length) - at[1];
      return {
        ...rest,
        tokens: ints.subarray(at[0], at[0] + length),
        optional: new Uint8Array(flags.subarray(at[1], at[1] + length)),
        bigrams: ints.subarray(at[2], at[2] + (next ? next.at[0] : header.postings[0]) - at[2]),
      };
    });
    const [k, s, t] = header.postings;
    const [kn, sn, tn] = header.counts;
    return withVocabularySets({
      vocabulary: new Map(header.vocabulary),
      texts,
      postings: {
        keys: ints.subarray(k, k + kn),
        starts: ints.subarray(s, s + sn),
        texts: ints.subarray(t, t + tn),
      },
      ownCopyrights: new Set(header.ownCopyrights),
      licenseIds: new Map(header.licenseIds.map((id) => [id.toLowerCase(), id])),
      exceptionIds: new Map(header.exceptionIds.map((id) => [id.toLowerCase(), id])),
      deprecatedIds: new Set(header.deprecatedIds),
      names: new Map(header.names),
    });
  } catch {
    return null;
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}
