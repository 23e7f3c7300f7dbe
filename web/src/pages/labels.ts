import type { Lifecycle, Relation } from '../api';

export const lifecycleLabels: Record<Lifecycle, string> = {
  experimental: 'Experimental',
  production: 'Production',
  deprecated: 'Deprecated',
};

export const relationLabels: Record<Relation, string> = {
  uses: 'Uses',
  integrates: 'Integrates',
  produces: 'Produces',
  hosts: 'Hosts',
};

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatDate = (iso: string) => dateFormat.format(new Date(iso));
export const formatDateTime = (iso: string) => dateTimeFormat.format(new Date(iso));
