import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useCallback, useId, useState } from 'react';
import { api, type Job, type Project, type ScanSummary } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import { JobStatus } from '../jobs/JobStatus';

/**
 * Upload an SBOM as a scan of the project. The server checks the document at once and saves it as a
 * job: its state and progress show here live, and once it is done the new scan is shown.
 */
export function SbomUploadForm(props: { project: Project; onScanSaved: (scanId: string) => void }) {
  const { project, onScanSaved } = props;
  const client = useQueryClient();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const upload = useMutation({
    mutationFn: async (chosen: File) =>
      api.uploadSbom(project.name, { sbom: await chosen.text(), name: chosen.name }),
    onSuccess: (accepted) => {
      setJobId(accepted.job.id);
      setRunning(true);
    },
  });
  const finished = useCallback(
    async (job: Job) => {
      setRunning(false);
      if (job.state !== 'completed') return;
      // a new scan changes the inventory, the license verdicts and the findings alike
      await client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'job' });
      const scan = job.result?.scan as ScanSummary | undefined;
      if (scan) onScanSaved(scan.id);
    },
    [client, onScanSaved],
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file) return;
    setJobId(null);
    upload.mutate(file);
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Upload an SBOM</h2>
      <form className="inline-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={id}>SBOM file</label>
          <input
            id={id}
            type="file"
            accept=".json,.xml,.spdx,.cdx,.txt,application/json,application/xml,text/plain"
            aria-describedby={`${id}-help`}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
          <p className="field-help" id={`${id}-help`}>
            CycloneDX (JSON or XML) or SPDX (JSON or tag-value), kept as a new scan of {project.name}.
          </p>
        </div>
        <button
          type="submit"
          className="button button-primary"
          disabled={!file || upload.isPending || running}
        >
          {upload.isPending ? 'Uploading…' : 'Upload SBOM'}
        </button>
      </form>
      <ProblemAlert error={upload.error} title="Could not upload the SBOM" />
      {jobId ? <JobStatus jobId={jobId} onFinished={finished} describeResult={savedScan} /> : null}
    </section>
  );
}

function savedScan(result: Record<string, unknown>): string {
  const scan = result.scan as ScanSummary | undefined;
  if (!scan) return 'saved';
  const n = scan.packageCount;
  return `saved as a new scan of ${n.toLocaleString()} package${n === 1 ? '' : 's'}, shown below`;
}
