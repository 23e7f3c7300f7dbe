import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `ospo ARGS` in-process with captured output. */
export async function ospo(
  args: string[],
  env: Record<string, string>,
  stdin = '',
  cwd = process.cwd(),
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => stdin,
    env,
    cwd,
    stderrIsTTY: false,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
