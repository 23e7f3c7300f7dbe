import { reportError } from './exit.js';
import type { CliIO } from './io.js';
import { buildProgram } from './program.js';

/** Run one CLI invocation; resolves to the exit code instead of exiting, so tests can call it. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(io, error);
  }
}
