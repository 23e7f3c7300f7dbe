import { CommanderError } from 'commander';
import { toOspoError } from '../core/errors.js';
import type { CliIO } from './io.js';

/** Exit codes: 0 ok, 1 a check found what it looks for, 2 bad usage or input, 3 internal. */
export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

/**
 * Thrown by a command whose output is complete but whose exit status is not 0: `ospo check` found a
 * denied license. Nothing more is printed.
 */
export class ExitStatus extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}

/** The one place an error becomes a CLI exit code and a message. */
export function reportError(io: CliIO, thrown: unknown): number {
  if (thrown instanceof ExitStatus) return thrown.status;
  if (thrown instanceof CommanderError) {
    // commander has printed its own message (with a "Did you mean" suggestion where it has one)
    if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(thrown.code))
      return EXIT_OK;
    return EXIT_USAGE;
  }
  const error = toOspoError(thrown);
  io.stderr(`ospo: ${error.message} [${error.code}]\n`);
  if (error.hint) io.stderr(`hint: ${error.hint}\n`);
  if (error.exitCode === EXIT_INTERNAL && io.env.OSPO_DEBUG) {
    io.stderr(`${thrown instanceof Error ? thrown.stack : String(thrown)}\n`);
  }
  return error.exitCode;
}
