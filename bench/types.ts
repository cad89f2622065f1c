/** What every benchmark returns; `bench/run.ts` prints it. */
export interface BenchResult {
  /** What was measured, e.g. `listDue, 50 pending among 2000 finished`. */
  name: string;
  /** The case `ratio` compares against. */
  baselineName: string;
  /** Named measurements; units in the names (`...Ms`, `...Count`). */
  figures: Record<string, number>;
  /** Measured case over baseline; near 1 means the extra load in the measured case costs nothing. */
  ratio: number;
}
