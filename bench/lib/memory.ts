// Peak memory of a server process while a target runs: its RSS when the run starts (idle, after
// the previous target settled), then samples every 5 ms and the kernel's high-water mark.

export interface MemoryPeak {
  /** RSS when the watch started (the process idle), MB. */
  idleRssMB: number;
  /** Highest sampled RSS during the watch, or the kernel's high-water mark if the watch raised it, MB. */
  peakRssMB: number;
  /** peakRssMB − idleRssMB. */
  growthMB: number;
  /** Highest sampled heap in use, MB. */
  peakHeapUsedMB: number;
  /** Whether the kernel's high-water mark (process.resourceUsage().maxRSS) rose during the watch. */
  highWaterRaised: boolean;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** In the server child: start() before a target, stop() after it. */
export class MemoryWatch {
  private timer: NodeJS.Timeout | null = null;
  private idle = 0;
  private peak = 0;
  private heap = 0;
  private maxBefore = 0;

  start(): void {
    this.stopTimer();
    const m = process.memoryUsage();
    this.idle = this.peak = m.rss;
    this.heap = m.heapUsed;
    this.maxBefore = process.resourceUsage().maxRSS * 1024;
    this.timer = setInterval(() => this.sample(), 5);
  }

  stop(): MemoryPeak {
    this.sample();
    this.stopTimer();
    const maxAfter = process.resourceUsage().maxRSS * 1024;
    const raised = maxAfter > this.maxBefore;
    const peak = raised ? Math.max(this.peak, maxAfter) : this.peak;
    return { idleRssMB: mb(this.idle), peakRssMB: mb(peak), growthMB: mb(peak - this.idle), peakHeapUsedMB: mb(this.heap), highWaterRaised: raised };
  }

  private sample(): void {
    const m = process.memoryUsage();
    this.peak = Math.max(this.peak, m.rss);
    this.heap = Math.max(this.heap, m.heapUsed);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
