/** What the NAT specs attach to their results, for the NAT reporter (e2e/reporters/nat-reporter.ts). */

/** A CellResult (nat-matrix.ts), JSON. */
export const CELL_ATTACHMENT = "nat: cell";
/** The NAT check of every home network, JSON (nat-report.ts's HomeMeasurement[]). */
export const MEASUREMENTS_ATTACHMENT = "nat: measurements";
/** The CPU the worker and everything it started have used so far, JSON { cpuMs } (process-cpu.ts). */
export const CPU_ATTACHMENT = "nat: cpu so far";
