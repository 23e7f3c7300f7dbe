import { InputError, ParseError } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Bytes of a file that should be text, as a string: UTF-8 (a BOM is dropped) or UTF-16 with a BOM.
 * Anything else is a coded error, never a garbled string: over `maxBytes` ERR_OSPO_FILE_TOO_LARGE,
 * NUL bytes (binary) ERR_OSPO_BINARY_FILE, invalid UTF-8 ERR_OSPO_ENCODING.
 */
export function decodeText(content: Uint8Array | string, path: string, maxBytes: number): string {
  if (typeof content === 'string') {
    if (content.length > maxBytes) throw tooLarge(path, content.length, maxBytes);
    if (content.includes('\u0000')) throw binary(path);
    return content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  }
  if (content.byteLength > maxBytes) throw tooLarge(path, content.byteLength, maxBytes);
  const utf16 = utf16Encoding(content);
  if (utf16) {
    try {
      return new TextDecoder(utf16, { fatal: true }).decode(content).replace(/^\ufeff/, '');
    } catch (cause) {
      throw new ParseError('ERR_OSPO_ENCODING', `${path}: invalid ${utf16} text`, { cause });
    }
  }
  if (content.indexOf(0) !== -1) throw binary(path);
  try {
    return utf8.decode(content);
  } catch (cause) {
    throw new ParseError('ERR_OSPO_ENCODING', `${path}: not valid UTF-8 text`, {
      cause,
      hint: 'Convert the file to UTF-8 (e.g. `iconv -f latin1 -t utf-8`).',
      line: lineOfInvalidByte(content),
    });
  }
}

function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 2) return null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** The 1-based line of the first byte that breaks UTF-8, for the error message. */
function lineOfInvalidByte(bytes: Uint8Array): number | undefined {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b === 0x0a) line++;
    const extra =
      b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (extra < 0) return line;
    for (let k = 1; k <= extra; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return line;
    }
    i += extra + 1;
  }
  return undefined;
}

function tooLarge(path: string, size: number, max: number): InputError {
  return new InputError('ERR_OSPO_FILE_TOO_LARGE', `${path}: ${size} bytes, over the limit of ${max} bytes`, {
    hint: 'Raise the limit with --max-file-size if the file really is text.',
  });
}

function binary(path: string): ParseError {
  return new ParseError('ERR_OSPO_BINARY_FILE', `${path}: binary content where text was expected`);
}
