/** The message of a semantic operation's timeout: most of it is the embedding call, which cannot be stopped. */
export function timedOut(operation: string, ms: number): string {
  return `${operation} did not finish within ${ms} ms; it was given up`;
}
