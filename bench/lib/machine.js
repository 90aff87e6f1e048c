import os from 'node:os'

/** The machine description written at the top of results.md. */
export function describeMachine() {
  const cpus = os.cpus()
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    loadavg: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    date: new Date().toISOString(),
  }
}
