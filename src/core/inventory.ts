/**
 * The inventory vocabulary: what an extractor finds in one file, and what a scan reports for a tree.
 * Ecosystem names are OSV's, so advisories match without translation.
 */

export const ecosystems = [
  'npm',
  'PyPI',
  'Go',
  'crates.io',
  'RubyGems',
  'Packagist',
  'Maven',
  'NuGet',
  'Pub',
  'Hex',
  'ConanCenter',
  'CRAN',
] as const;
export type Ecosystem = (typeof ecosystems)[number];

export const scopes = ['prod', 'dev', 'optional', 'peer', 'unknown'] as const;
export type Scope = (typeof scopes)[number];

export interface ExtractedPackage {
  ecosystem: Ecosystem;
  /** Canonical name: PyPI per PEP 503, Maven `groupId:artifactId`, Go module path, npm with its @scope. */
  name: string;
  /** Exact resolved version (no Go `v`); null when the file pins none. Never invented. */
  version: string | null;
  /** Package URL, built by core/purl.ts. */
  purl: string;
  scope: Scope;
  /** True for a dependency the project declares itself, false for a transitive one, null when unknown. */
  direct: boolean | null;
  /** Declared license expressions, when the file itself carries them. */
  licenses: string[];
}

export interface DependencyEdge {
  /** purl of the dependent; for a project's own manifest, the project's purl. */
  from: string;
  to: string;
}

export interface ExtractWarning {
  code: string;
  message: string;
  line?: number;
}

export interface ExtractResult {
  packages: ExtractedPackage[];
  edges: DependencyEdge[];
  warnings: ExtractWarning[];
}

export interface ExtractInput {
  /** The file's path relative to the scan root, with `/` separators. */
  path: string;
  content: string;
  /**
   * Read another file of the same tree (path relative to the scan root, `/` separators): Maven parent
   * poms, pip `-r` includes. Null when it is missing, unreadable or outside the scan root.
   */
  readFile(path: string): Promise<string | null>;
}

/** One lockfile or manifest format. Pure: no file system or network access but through `input`. */
export interface Extractor {
  /** Folder name under src/modules/ecosystems, e.g. `cargo-lock`. */
  readonly id: string;
  /** Bumped whenever output for the same input changes; stored with what it produced. */
  readonly version: number;
  /** The ecosystem of every package it reports; `any` for documents that list many (SBOMs). */
  readonly ecosystem: Ecosystem | 'any';
  /**
   * True when the extractor recognizes its files by content: it is also tried on a file named
   * explicitly on the command line whatever its name, and returns null when the content is not its own.
   */
  readonly sniffs?: boolean;
  /**
   * True for installed-package metadata (package.json files in node_modules, METADATA in .dist-info): the only
   * extractors that run inside node_modules, vendor and virtualenvs.
   */
  readonly installedMetadata?: boolean;
  /** Does this extractor want the file at this relative path? Decided on the path alone. */
  matches(path: string): boolean;
  /**
   * null: not my file after all (e.g. a package.json that is not installed metadata). Throws a
   * ParseError (coded, with line where known) when the file is mine but cannot be read.
   */
  extract(input: ExtractInput): Promise<ExtractResult | null>;
}

/** A package as an inventory holds it: found once, wherever it was found. */
export interface InventoryPackage extends ExtractedPackage {
  locations: { path: string }[];
}

/** What SBOM formats read and write, and what a scan produces (less its per-file report). */
export interface Inventory {
  /** The software the inventory describes, when known (an SBOM's metadata.component, a project). */
  subject?: { name: string; version: string | null; purl?: string };
  packages: InventoryPackage[];
  dependencies: DependencyEdge[];
  /** What a reader skipped or could not map (components without purls, dangling references). */
  warnings?: ExtractWarning[];
}

export interface SbomWriteOptions {
  /** Spec version to write, e.g. `1.6` or `1.7` for CycloneDX; each format has a default. */
  specVersion?: string;
  /** ospokit's version, recorded as the producing tool. */
  toolVersion: string;
  /** ISO 8601; passed in so output is reproducible in tests. */
  timestamp: string;
  /** A `urn:uuid:` serial number / document namespace seed; passed in for the same reason. */
  serialNumber: string;
}

/** One SBOM format and serialization. Pure, like extractors. */
export interface SbomFormat {
  /** Folder name under src/modules/sbom, e.g. `cyclonedx-json`. */
  readonly id: string;
  readonly version: number;
  /** Cheap check on the content: is this document mine? */
  detect(content: string): boolean;
  /** Throws a coded ParseError when the document is mine but broken or of an unsupported spec version. */
  read(content: string, path: string): Inventory;
  /** Formats that can only be read leave this out. */
  write?(inventory: Inventory, options: SbomWriteOptions): string;
}
