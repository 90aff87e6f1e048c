// Benchmark 5: Redis provisioning with startRedis per strategy, versus doing it by hand, and the
// per-test isolation cost (prefix cleanup of 1,000 keys) versus KEYS + DEL.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { interleave } from '../lib/interleave.js'
import { loadRedis, need } from '../lib/kit.js'
import { startRedisServer } from '../lib/redis-server.js'
import { fmtSummary, summarize } from '../lib/stats.js'

const run = promisify(execFile)
const KEYS = 1000

async function time(fn) {
  const t0 = process.hrtime.bigint()
  const value = await fn()
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value }
}

async function dockerAnswers() {
  try {
    await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5000 })
    return true
  } catch {
    return false
  }
}

/** The image .ci/docker-redis.sh built (no registry is reachable here), if any. */
async function localImage() {
  try {
    const { stdout } = await run('docker', ['image', 'ls', 'session-testkit-redis', '--format', '{{.Repository}}:{{.Tag}}'], { timeout: 5000 })
    return stdout.trim().split('\n').filter(Boolean)[0]
  } catch {
    return undefined
  }
}

export default {
  name: 'redis',
  title: '5. Redis provisioning (startRedis) and per-test isolation',
  async run({ quick, log }) {
    const kit = await loadRedis()
    need(kit, ['startRedis'], 'session-testkit/redis')
    const rows = []
    const notes = []
    const rounds = quick ? 3 : 10

    // --- binary: startRedis({ strategy: 'binary' }) vs spawn redis-server until the first PONG ---
    log(`binary: ${rounds} rounds`)
    const stops = []
    const bin = await interleave({
      rounds,
      variants: {
        kit: async () => {
          const { ms, value } = await time(() => kit.startRedis({ strategy: 'binary' }))
          stops.push(value.stop())
          return ms
        },
        base: async () => {
          const { ms, value } = await time(() => startRedisServer())
          stops.push(value.stop())
          return ms
        },
      },
    })
    await Promise.all(stops)
    const binKit = summarize(bin.kit)
    const binBase = summarize(bin.base)
    rows.push({ case: 'start, binary strategy (to a server answering)', unit: 'ms', kit: binKit, base: binBase, ratio: binBase.median / binKit.median, target: '-', met: null })
    notes.push(
      'binary: kit = `await startRedis({ strategy: "binary" })` (free port, temp dir, spawn, then an ioredis PING + INFO probe); baseline = spawn /usr/bin/redis-server on a free port and poll a raw-socket PING until +PONG (the peer figure\'s "spawn to first PONG"). Stops are not timed.',
    )

    // --- testcontainers --------------------------------------------------------------------------
    const image = process.env.SESSION_TESTKIT_REDIS_IMAGE ?? (await localImage())
    if (!(await dockerAnswers())) {
      rows.push({ case: 'start, testcontainers strategy', kitLabel: 'not measured', baseLabel: 'not measured', ratioText: '-', target: '-', met: null })
      notes.push('testcontainers: not measured — no Docker engine answers `docker info` on this machine at run time (start one with `.ci/docker-redis.sh` and export SESSION_TESTKIT_REDIS_IMAGE it prints).')
    } else if (!image) {
      rows.push({ case: 'start, testcontainers strategy', kitLabel: 'not measured', baseLabel: 'not measured', ratioText: '-', target: '-', met: null })
      notes.push('testcontainers: not measured — Docker answers but SESSION_TESTKIT_REDIS_IMAGE is not set and no local session-testkit-redis image exists (no registry can be reached; use `export SESSION_TESTKIT_REDIS_IMAGE="$(.ci/docker-redis.sh)"`).')
    } else {
      // Ryuk (the reaper) would be pulled from Docker Hub, which cannot be reached here; as in .ci/run,
      // run without it (every container is stopped explicitly below).
      process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true'
      const { RedisContainer } = await import('@testcontainers/redis')
      const tcRounds = quick ? 2 : 5
      log(`testcontainers (${image}): ${tcRounds} rounds`)
      const tcStops = []
      try {
        const tc = await interleave({
          rounds: tcRounds,
          variants: {
            kit: async () => {
              const { ms, value } = await time(() => kit.startRedis({ strategy: 'testcontainers', image }))
              tcStops.push(value.stop())
              return ms
            },
            base: async () => {
              const { ms, value } = await time(() => new RedisContainer(image).withCommand(['redis-server', '--protected-mode', 'no', '--save', '', '--appendonly', 'no']).start())
              tcStops.push(value.stop())
              return ms
            },
          },
        })
        const tcKit = summarize(tc.kit)
        const tcBase = summarize(tc.base)
        rows.push({ case: 'start, testcontainers strategy', unit: 'ms', kit: tcKit, base: tcBase, ratio: tcBase.median / tcKit.median, target: '-', met: null })
        notes.push(`testcontainers: kit = startRedis({ strategy: "testcontainers", image }); baseline = new RedisContainer(image).withCommand(same flags).start() from @testcontainers/redis; image ${image}; ${tcRounds} rounds; TESTCONTAINERS_RYUK_DISABLED=${process.env.TESTCONTAINERS_RYUK_DISABLED}.`)
      } catch (error) {
        rows.push({ case: 'start, testcontainers strategy', kitLabel: 'not measured', baseLabel: 'not measured', ratioText: '-', target: '-', met: null })
        notes.push(`testcontainers: not measured — ${error.message}`)
      } finally {
        await Promise.allSettled(tcStops)
      }
    }

    // --- isolation: cleanup of 1,000 keys under a prefix ------------------------------------------
    const server = await startRedisServer()
    const handle = await kit.startRedis({ strategy: 'url', url: server.url })
    try {
      const client = handle.client()
      const fill = async (prefix) => {
        const p = client.pipeline()
        for (let i = 0; i < KEYS; i++) p.set(`${prefix}key:${i}`, 'x')
        await p.exec()
      }
      // Keys of "other tests" that must survive every cleanup.
      await fill('other-test:')
      const cleanRounds = quick ? 5 : 20
      log(`cleanup of ${KEYS} keys: ${cleanRounds} rounds`)
      let scopeNo = 0
      const clean = await interleave({
        rounds: cleanRounds,
        variants: {
          kit: async () => {
            const scope = handle.scope(`bench-${scopeNo++}`)
            await fill(scope.keyPrefix)
            const { ms, value } = await time(() => scope.cleanup())
            if (value !== KEYS) throw new Error(`cleanup() deleted ${value} keys, expected ${KEYS}`)
            return ms
          },
          base: async () => {
            const prefix = `manual-${scopeNo++}:`
            await fill(prefix)
            const { ms } = await time(async () => {
              const keys = await client.keys(`${prefix}*`)
              await client.del(...keys)
            })
            return ms
          },
        },
      })
      if ((await client.dbsize()) !== KEYS) throw new Error('cleanup touched keys outside its prefix')
      const cKit = summarize(clean.kit)
      const cBase = summarize(clean.base)
      rows.push({ case: `isolation: delete ${KEYS.toLocaleString('en-US')} keys under a test's prefix`, unit: 'ms', kit: cKit, base: cBase, ratio: cBase.median / cKit.median, target: '-', met: null })
      notes.push(
        `isolation: kit = handle.scope(label).cleanup() (SCAN MATCH + pipelined UNLINK, never FLUSHDB); baseline = KEYS prefix* + one DEL (blocks the server, unsafe on a shared one). ${KEYS} keys per sample, ${KEYS} keys of another prefix kept throughout (checked).`,
        `For scale: one test's cleanup at ${fmtSummary(cKit, 'ms')} versus a fresh testcontainers Redis per test.`,
      )
    } finally {
      await handle.stop()
      await server.stop()
    }
    return { rows, notes }
  },
}
