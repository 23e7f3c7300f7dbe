import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api, finishedJobStates, type Job, type JobState, request } from '../api';
import { ProblemAlert } from '../components/ProblemAlert';
import { Prose } from '../components/Prose';
import './jobs.css';

const stateLabels: Record<JobState, string> = {
  created: 'Waiting for a worker',
  retry: 'Waiting to try again',
  active: 'Running',
  completed: 'Done',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

/** How often a job still under way is asked about. */
const POLL_MS = 1000;

/**
 * A job followed live: its state and progress, polled until it has finished; then `onFinished` once.
 * A failed job shows its coded error and what to do about it.
 */
export function JobStatus(props: {
  jobId: string;
  onFinished?: (job: Job) => void;
  /** What a completed job made, in a few words. */
  describeResult?: (result: Record<string, unknown>) => string;
}) {
  const { jobId, onFinished, describeResult } = props;
  const job = useQuery({
    queryKey: ['job', jobId],
    queryFn: () => api.getJob(jobId),
    refetchInterval: (query) =>
      query.state.data && finishedJobStates.has(query.state.data.state) ? false : POLL_MS,
  });
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => request<Job>('POST', `/api/v1/jobs/${encodeURIComponent(jobId)}/cancel`),
    onSuccess: (cancelled) => queryClient.setQueryData(['job', jobId], cancelled),
    // a job that finished meanwhile answers 409: show it as it is now
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['job', jobId] }),
  });
  const told = useRef<string | null>(null);
  const data = job.data;
  useEffect(() => {
    if (!data || !finishedJobStates.has(data.state) || told.current === data.id) return;
    told.current = data.id;
    onFinished?.(data);
  }, [data, onFinished]);

  if (job.isError) return <ProblemAlert error={job.error} title="Could not follow the job" />;
  if (!data) return <p role="status">Queued…</p>;
  const progress = data.progress;
  const finished = finishedJobStates.has(data.state);
  return (
    <div className={`job-status job-${data.state}`} data-state={data.state}>
      <p role="status" aria-live="polite" className="job-line">
        <strong>{stateLabels[data.state]}</strong>
        {progress && !finished ? <span className="muted"> — {describe(progress)}</span> : null}
        {data.state === 'completed' && data.result && describeResult ? (
          <span> — {describeResult(data.result)}</span>
        ) : null}
      </p>
      {finished ? null : (
        <div className="job-running">
          <progress
            className="job-progress"
            aria-label="Progress"
            {...(progress?.total ? { max: progress.total, value: progress.done } : {})}
          />
          <button
            type="button"
            className="button button-small"
            onClick={() => cancel.mutate()}
            disabled={cancel.isPending}
          >
            {cancel.isPending ? 'Cancelling…' : 'Cancel'}
          </button>
        </div>
      )}
      {cancel.isError && !finished ? (
        <ProblemAlert error={cancel.error} title="Could not cancel the job" />
      ) : null}
      {data.error ? (
        <div className="alert" role="alert">
          <p className="alert-title">
            <span aria-hidden="true" className="alert-icon">
              !
            </span>
            {data.error.message} <span className="muted">({data.error.code})</span>
          </p>
          {data.error.hint ? (
            <p className="alert-hint">
              <Prose text={data.error.hint} />
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function describe(progress: NonNullable<Job['progress']>): string {
  const count = progress.total ? `${progress.done} of ${progress.total}` : `${progress.done}`;
  return progress.message ? `${progress.message} (${count})` : count;
}
