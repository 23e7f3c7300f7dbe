import { BarChart } from '../components/BarChart';
import { type CategoryCounts, licenseCategories } from './api';
import { categoryLabels } from './labels';

/** Packages by license category, every category listed (zeros too) in the same order everywhere. */
export function CategoryChart({ categories }: { categories: CategoryCounts }) {
  const bars = licenseCategories.map((category) => ({
    key: category,
    label: categoryLabels[category],
    value: categories[category] ?? 0,
    tone: `tone-${category}`,
  }));
  return (
    <BarChart
      title="Packages by license category"
      bars={bars}
      unit={['package', 'packages']}
      note="A package under licenses of two categories counts in both."
    />
  );
}
