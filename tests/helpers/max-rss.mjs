// Preloaded by the benchmarks (node --import) into a process whose peak
// memory they measure: at exit, write its peak resident set (KiB, from
// process.resourceUsage) to the file named by MAX_RSS_FILE.
import { writeFileSync } from 'node:fs';

process.on('exit', () => writeFileSync(process.env.MAX_RSS_FILE, String(process.resourceUsage().maxRSS)));
