import type { DependencyEdge, ExtractWarning, InventoryPackage } from '../../core/inventory.js';
import type { MergedInventory } from './merge.js';

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

/** The numeric form behind a scan's report, and whether each list was read as objects yet. */
interface Behind {
  inventory: MergedInventory;
  packagesRead: () => boolean;
  dependenciesRead: () => boolean;
}

const behind = new WeakMap<ScanReport, Behind>();

/**
 * A scan's report over its merged inventory: `packages` and `dependencies` are arrays like any other
 * report's, built the first time they are read (and kept; assigning replaces them), so a report that
 * is only written as JSON never builds an object per package or edge.
 */
export function mergedReport(inventory: MergedInventory, files: ScanFile[], errors: ScanError[]): ScanReport {
  let packages: InventoryPackage[] | undefined;
  let dependencies: DependencyEdge[] | undefined;
  const report = {} as ScanReport;
  // in the order of the interface, as JSON.stringify and Object.keys see it
  Object.defineProperty(report, 'packages', {
    enumerable: true,
    configurable: true,
    get: () => {
      packages ??= inventory.packages();
      return packages;
    },
    set: (value: InventoryPackage[]) => {
      packages = value;
    },
  });
  Object.defineProperty(report, 'dependencies', {
    enumerable: true,
    configurable: true,
    get: () => {
      dependencies ??= inventory.edges();
      return dependencies;
    },
    set: (value: DependencyEdge[]) => {
      dependencies = value;
    },
  });
  report.files = files;
  report.errors = errors;
  behind.set(report, {
    inventory,
    packagesRead: () => packages !== undefined,
    dependenciesRead: () => dependencies !== undefined,
  });
  return report;
}

/**
 * The merged inventory behind a report's packages and dependencies, for each list only while it has
 * not been read as objects (once read, the array may have been changed and is what counts).
 */
export function inventoryBehind(report: ScanReport): {
  packages: MergedInventory | null;
  dependencies: MergedInventory | null;
} {
  const b = behind.get(report);
  return {
    packages: b && !b.packagesRead() ? b.inventory : null,
    dependencies: b && !b.dependenciesRead() ? b.inventory : null,
  };
}

/** How many packages and edges a report has, without building them. */
export function reportCounts(report: ScanReport): { packages: number; dependencies: number } {
  const b = inventoryBehind(report);
  return {
    packages: b.packages ? b.packages.packageCount : report.packages.length,
    dependencies: b.dependencies ? b.dependencies.edgeCount : report.dependencies.length,
  };
}
