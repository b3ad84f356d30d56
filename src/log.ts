/** Where the action writes its lines; @actions/core in the action, a buffer in tests, stdout in the CLI. */
export interface Logger {
  info(line: string): void;
  warn(line: string): void;
  /** Something failed: the run's failure, or a finding that blocks it. */
  error(line: string): void;
  debug(line: string): void;
  /** Runs `fn` inside a collapsible log group. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** A logger that keeps every line (tests, demo) and optionally echoes it. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  constructor(private readonly echo?: (line: string) => void) {}
  info(line: string): void {
    this.push(line);
  }
  warn(line: string): void {
    this.push(`warning: ${line}`);
  }
  error(line: string): void {
    this.push(`error: ${line}`);
  }
  debug(line: string): void {
    this.lines.push(`debug: ${line}`);
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.push(`▶ ${name}`);
    return fn();
  }
  text(): string {
    return this.lines.join('\n');
  }
  private push(line: string): void {
    this.lines.push(line);
    this.echo?.(line);
  }
}
