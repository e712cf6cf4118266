/**
 * A reader that stops early (`release-bot status R-1 | head -1`) closes the pipe: end quietly with the exit code so
 * far instead of Node's EPIPE stack trace.
 */
export function quietBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
}
