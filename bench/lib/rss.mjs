// Resident memory of this process.

const MIB = 1024 * 1024;

/** This process's peak resident set size so far, in bytes. */
export function peakRssBytes() {
  return process.resourceUsage().maxRSS * 1024;
}

/** This process's peak resident set size so far, in MiB (not rounded). */
export function peakRssMiB() {
  return peakRssBytes() / MIB;
}

/** Samples the RSS every 20 ms: `reset()` starts a phase, `peak()` is the highest seen since, `stop()` ends sampling. */
export function rssSampler() {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  return {
    reset: () => {
      peak = process.memoryUsage.rss();
    },
    peak: () => Math.max(peak, process.memoryUsage.rss()),
    stop: () => clearInterval(timer),
  };
}
