// Resident memory of this process.
import { readFileSync, writeFileSync } from 'node:fs';

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

/**
 * Resets this process's peak RSS to its current RSS where Linux allows it (`/proc/self/clear_refs`),
 * so that a phase's peak leaves out earlier ones (imports, warm-up garbage). Returns a function giving
 * the peak RSS in bytes since the reset (VmHWM), or since the process started elsewhere (maxRSS).
 */
export function resetPeakRss() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    const hwm = () => {
      const line = readFileSync('/proc/self/status', 'utf8').split('VmHWM:')[1];
      return Number(line.trim().split(/\s+/)[0]) * 1024;
    };
    hwm();
    return hwm;
  } catch {
    return peakRssBytes;
  }
}
