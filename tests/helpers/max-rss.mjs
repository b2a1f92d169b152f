// Preloaded by the benchmarks (node --import) into a process whose peak
// memory they measure: at exit, write its peak resident set (KiB) and the CPU
// time it used (user + system, µs; all its threads), from
// process.resourceUsage, to the file named by MAX_RSS_FILE.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const r = process.resourceUsage();
  writeFileSync(process.env.MAX_RSS_FILE, `${r.maxRSS} ${r.userCPUTime + r.systemCPUTime}`);
});
