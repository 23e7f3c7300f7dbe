import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, fieldErrors, type User } from '../api';
import { SelectField, TextField } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';
import { Prose } from '../components/Prose';
import { licenseApi, licensesKey, type Waiver } from './api';

const today = () => new Date().toISOString().slice(0, 10);

/** Grant a waiver; a link from a verdict fills in the package and project (`?package=…&project=…`). */
export function WaiverForm({ user, onGranted }: { user: User; onGranted: (waiver: Waiver) => void }) {
  const client = useQueryClient();
  const [form, setForm] = useState(() => initial(user));
  const [local, setLocal] = useState<Record<string, string>>({});
  const projects = useQuery({
    queryKey: ['projects', 'all'],
    queryFn: () => api.listProjects({ limit: 500 }),
  });
  const grant = useMutation({
    mutationFn: licenseApi.grantWaiver,
    onSuccess: async (waiver) => {
      setForm(initial(user, false));
      await client.invalidateQueries({ queryKey: licensesKey });
      onGranted(waiver);
    },
  });
  const errors = { ...fieldErrors(grant.error), ...local };
  const update = (field: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    for (const field of ['package', 'reason', 'approver', 'expires'] as const) {
      if (!form[field].trim()) problems[field] = 'Fill this in.';
    }
    if (form.expires && form.expires < today())
      problems.expires = 'This date has passed; choose a later one.';
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;
    const license = form.license.trim();
    grant.mutate({
      package: form.package.trim(),
      version: form.version.trim() || '*',
      project: form.project,
      ...(license ? { license } : {}),
      reason: form.reason.trim(),
      approver: form.approver.trim(),
      expires: form.expires,
    });
  };

  const projectOptions = [
    { value: '*', label: 'Every project' },
    ...(projects.data?.items ?? []).map((p) => ({ value: p.name, label: p.name })),
  ];
  if (!projectOptions.some((o) => o.value === form.project)) {
    projectOptions.push({ value: form.project, label: form.project });
  }

  return (
    <form className="card form-grid" onSubmit={submit} aria-labelledby="grant-waiver" noValidate>
      <h2 id="grant-waiver">Grant a waiver</h2>
      <div className="form-span">
        <ProblemAlert error={grant.error} title="Could not grant the waiver" />
      </div>
      <TextField
        label="Package"
        required
        spellCheck={false}
        autoComplete="off"
        value={form.package}
        error={errors.package}
        help={<Prose text="A name (`left-pad`, `@acme/*`) or a purl without version (`pkg:npm/left-pad`)." />}
        onChange={update('package')}
      />
      <TextField
        label="Versions"
        spellCheck={false}
        autoComplete="off"
        value={form.version}
        error={errors.version}
        help={<Prose text="`*` for all, an exact version, or a range such as `>=1.2 <2`." />}
        onChange={update('version')}
      />
      <SelectField
        label="Project"
        value={form.project}
        options={projectOptions}
        error={errors.project}
        onChange={update('project')}
      />
      <TextField
        label="License (optional)"
        spellCheck={false}
        autoComplete="off"
        value={form.license}
        error={errors.license}
        help="The waiver holds only while the package's license expression is this one."
        onChange={update('license')}
      />
      <TextField
        label="Approver"
        required
        autoComplete="off"
        value={form.approver}
        error={errors.approver}
        help="Who said yes."
        onChange={update('approver')}
      />
      <TextField
        label="Expires"
        type="date"
        required
        min={today()}
        value={form.expires}
        error={errors.expires}
        help="Valid through the end of that day (UTC)."
        onChange={update('expires')}
      />
      <div className="form-span">
        <TextField
          label="Reason"
          required
          maxLength={2000}
          value={form.reason}
          error={errors.reason}
          help="Why the exception is acceptable; shown with every verdict it changes."
          onChange={update('reason')}
        />
      </div>
      <div className="form-span form-actions">
        <button type="submit" className="button button-primary" disabled={grant.isPending}>
          {grant.isPending ? 'Granting…' : 'Grant waiver'}
        </button>
      </div>
    </form>
  );
}

function initial(user: User, fromAddress = true) {
  const params = new URLSearchParams(fromAddress ? window.location.search : '');
  return {
    package: params.get('package') ?? '',
    version: '*',
    project: params.get('project') ?? '*',
    license: '',
    reason: '',
    approver: user.email,
    expires: '',
  };
}
