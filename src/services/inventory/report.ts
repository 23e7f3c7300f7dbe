import type { DependencyEdge, ExtractWarning, InventoryPackage } from '../../core/inventory.js';

export type { InventoryPackage };

/** What `ospo scan --format json` prints. Fields may be added, never renamed. */
export interface ScanFile {
  path: string;
  format: string;
  packages: number;
  warnings: ExtractWarning[];
  /** sha256 of the file's content, hex. */
  sha256?: string;
  extractorVersion?: number;
}

export interface ScanError {
  path: string;
  code: string;
  message: string;
  line?: number;
}

export interface ScanReport {
  packages: InventoryPackage[];
  dependencies: DependencyEdge[];
  files: ScanFile[];
  errors: ScanError[];
}
