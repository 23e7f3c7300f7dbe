/**
 * A loader run once, when first needed: every call gets the same promise. For a plug-in's parser
 * module, so that a scan loads only the parsers of the formats it finds.
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}
