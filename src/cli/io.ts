/** Where a command writes and reads its surroundings; `runCli` takes it so tests capture output. */
export interface CliIo {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number }
  /** Directory relative paths and the default database are resolved against. */
  cwd: string
  env: Record<string, string | undefined>
  /** Milliseconds clock for timings (injectable for tests). */
  now?: () => number
}

/** One subcommand of the `session-testkit` command. */
export interface CliCommand {
  name: string
  /** One line for the command list. */
  summary: string
  /** Full `--help` text. */
  help: string
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(args: string[], io: CliIo): Promise<number>
}

/** Exit codes: 0 success, 1 the work failed (database unreachable, conflict), 2 wrong usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const
