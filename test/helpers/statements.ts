// Counting the SQL statements a piece of code runs on a store opened with `onStatement: counter.hook`
// (BEGIN, COMMIT and savepoints included): the write paths' statement budgets are tested with it.
export class StatementCounter {
  private log: string[] | null = null;

  /** Give this to testDb/testApp as `onStatement`. */
  readonly hook = (sql: string): void => {
    this.log?.push(sql);
  };

  /** The statements `fn` ran (nothing else may use the store meanwhile). */
  async during<T>(fn: () => Promise<T>): Promise<{ value: T; statements: string[] }> {
    const log: string[] = [];
    this.log = log;
    try {
      const value = await fn();
      return { value, statements: log };
    } finally {
      this.log = null;
    }
  }
}
