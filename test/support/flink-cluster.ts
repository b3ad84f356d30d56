/**
 * A real Apache Flink standalone session cluster (one JobManager and one TaskManager JVM) for tests:
 * installed by scripts/flink/install.sh, started on loopback with free ports, its own config, tmp,
 * checkpoint and savepoint folders under a temp folder, small memory (two clusters fit at once), and
 * stopped without orphans (each JVM in its own process group, killed on stop, at process exit and on
 * SIGINT/SIGTERM of the CLI).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/clock.js';
import { FlinkRestClient } from '../../src/flink/rest.js';
import { pollUntil } from '../../src/wait.js';
import { flinkHome, INSTALL_COMMAND, isFlinkInstalled } from './flink-install.js';

export type RestartStrategy =
  | { type: 'fixed-delay'; attempts?: number; delayMs?: number }
  | { type: 'exponential-delay'; initialMs?: number; maxMs?: number }
  | { type: 'none' };

export interface FlinkClusterOptions {
  /** an installed version, e.g. 1.20.5 */
  version: string;
  /** task slots of the TaskManager (default 4) */
  slots?: number;
  /** default: fixed-delay, many attempts, 500 ms apart (quick tests) */
  restartStrategy?: RestartStrategy;
  /** checkpoint interval (default 1 s; 0 = no checkpointing) */
  checkpointIntervalMs?: number;
  /** deadline of the start, real ms (default 120 s: two JVMs on a busy 2-core machine) */
  startTimeoutMs?: number;
  /** extra config.yaml keys */
  config?: Record<string, string | number | boolean>;
  /** progress lines */
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface FlinkCluster {
  version: string;
  /** REST address, http://127.0.0.1:PORT */
  url: string;
  rest: FlinkRestClient;
  /** the cluster's folder: conf/, log/, tmp/, checkpoints/, savepoints/ */
  dir: string;
  savepointDir: string;
  checkpointDir: string;
  /** stdout of the TaskManager (the jobs' print() output) */
  taskManagerOut: string;
  /** the real ms the start took, until REST answered with a TaskManager registered */
  startMs: number;
  pids(): number[];
  /** stops both JVMs (TERM, then KILL after 15 s) and removes the folder unless keep */
  stop(options?: { keep?: boolean }): Promise<void>;
}

/** JVM options of the distribution's `env.java.opts.all` for Java 17 (to be extended, never shortened). */
const JAVA17_OPTS = [
  '--add-exports=java.base/sun.net.util=ALL-UNNAMED',
  '--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED',
  '--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.net=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang.reflect=ALL-UNNAMED',
  '--add-opens=java.base/java.text=ALL-UNNAMED',
  '--add-opens=java.base/java.time=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED',
];

/** Memory: JobManager heap, TaskManager components (the TaskManager JVM flags follow from them). */
const MEMORY = {
  jobManagerHeap: '256m',
  jobManagerMetaspace: '256m',
  taskHeapMb: 128,
  frameworkHeapMb: 64,
  frameworkOffHeapMb: 64,
  networkMb: 32,
  managedMb: 32,
  metaspaceMb: 192,
};

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort (a test process that ends without teardown): no JVM outlives it.
  process.on('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function restartConfig(strategy: RestartStrategy): Record<string, string | number> {
  switch (strategy.type) {
    case 'fixed-delay':
      return {
        'restart-strategy.type': 'fixed-delay',
        'restart-strategy.fixed-delay.attempts': strategy.attempts ?? 1000,
        'restart-strategy.fixed-delay.delay': `${strategy.delayMs ?? 500} ms`,
      };
    case 'exponential-delay':
      return {
        'restart-strategy.type': 'exponential-delay',
        'restart-strategy.exponential-delay.initial-backoff': `${strategy.initialMs ?? 500} ms`,
        'restart-strategy.exponential-delay.max-backoff': `${strategy.maxMs ?? 10_000} ms`,
        'restart-strategy.exponential-delay.attempts-before-reset-backoff': 1000,
      };
    case 'none':
      return { 'restart-strategy.type': 'none' };
  }
}

/** config.yaml with flat keys (read by Flink 1.19+ and 2.x). */
export function clusterConfig(options: {
  dir: string;
  restPort: number;
  rpcPort: number;
  slots: number;
  restartStrategy: RestartStrategy;
  checkpointIntervalMs: number;
  extra?: Record<string, string | number | boolean>;
}): Record<string, string | number | boolean> {
  const { dir } = options;
  return {
    'jobmanager.rpc.address': '127.0.0.1',
    'jobmanager.rpc.port': options.rpcPort,
    'jobmanager.bind-host': '127.0.0.1',
    'taskmanager.bind-host': '127.0.0.1',
    'taskmanager.host': '127.0.0.1',
    'rest.address': '127.0.0.1',
    'rest.bind-address': '127.0.0.1',
    'rest.port': options.restPort,
    'web.submit.enable': true,
    'web.cancel.enable': true,
    'web.upload.dir': join(dir, 'upload'),
    'io.tmp.dirs': join(dir, 'tmp'),
    'taskmanager.numberOfTaskSlots': options.slots,
    'parallelism.default': 1,
    'taskmanager.cpu.cores': 2,
    'taskmanager.memory.task.heap.size': `${MEMORY.taskHeapMb}m`,
    'taskmanager.memory.task.off-heap.size': '0m',
    'taskmanager.memory.framework.heap.size': `${MEMORY.frameworkHeapMb}m`,
    'taskmanager.memory.framework.off-heap.size': `${MEMORY.frameworkOffHeapMb}m`,
    'taskmanager.memory.managed.size': `${MEMORY.managedMb}m`,
    'taskmanager.memory.network.min': `${MEMORY.networkMb}m`,
    'taskmanager.memory.network.max': `${MEMORY.networkMb}m`,
    'taskmanager.memory.jvm-metaspace.size': `${MEMORY.metaspaceMb}m`,
    // outside the distribution's scripts, the TaskManager wants every component given, overhead included
    'taskmanager.memory.jvm-overhead.min': '64m',
    'taskmanager.memory.jvm-overhead.max': '64m',
    'state.backend.type': 'hashmap',
    'execution.checkpointing.dir': `file://${join(dir, 'checkpoints')}`,
    'execution.checkpointing.savepoint-dir': `file://${join(dir, 'savepoints')}`,
    ...(options.checkpointIntervalMs > 0
      ? { 'execution.checkpointing.interval': `${options.checkpointIntervalMs} ms` }
      : {}),
    ...restartConfig(options.restartStrategy),
    ...options.extra,
  };
}

function toYaml(config: Record<string, string | number | boolean>): string {
  return Object.entries(config)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`)
    .join('\n')
    .concat('\n');
}

const LOG4J = `rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.fileName = \${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.pekko.name = org.apache.pekko
logger.pekko.level = WARN
logger.netty.name = org.apache.flink.shaded.netty4
logger.netty.level = WARN
`;

/** lib/*.jar with flink-dist last, as the distribution's scripts build it. */
function classpath(home: string): string {
  const jars = readdirSync(join(home, 'lib'))
    .filter((f) => f.endsWith('.jar'))
    .sort();
  const dist = jars.filter((j) => j.startsWith('flink-dist'));
  return [...jars.filter((j) => !j.startsWith('flink-dist')), ...dist]
    .map((j) => join(home, 'lib', j))
    .join(':');
}

function startJvm(
  name: 'jobmanager' | 'taskmanager',
  home: string,
  dir: string,
  mainClass: string,
  memory: string[],
): ChildProcess {
  const out = openSync(join(dir, 'log', `${name}.out`), 'a');
  const args = [
    ...memory,
    ...JAVA17_OPTS,
    `-Dlog.file=${join(dir, 'log', `${name}.log`)}`,
    `-Dlog4j.configurationFile=file:${join(dir, 'conf', 'log4j.properties')}`,
    `-Djava.io.tmpdir=${join(dir, 'tmp')}`,
    '-classpath',
    classpath(home),
    mainClass,
    '--configDir',
    join(dir, 'conf'),
  ];
  const child = spawn('java', args, {
    detached: true, // own process group: stop() kills the JVM and anything it started
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      FLINK_HOME: home,
      FLINK_CONF_DIR: join(dir, 'conf'),
      FLINK_PLUGINS_DIR: join(home, 'plugins'),
    },
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  return child;
}

function tail(path: string, lines = 15): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startFlinkCluster(options: FlinkClusterOptions): Promise<FlinkCluster> {
  const { version } = options;
  if (!isFlinkInstalled(version)) {
    throw new Error(`Flink ${version} is not installed: run ${INSTALL_COMMAND}`);
  }
  installExitHook();
  const log = options.log ?? (() => {});
  const home = flinkHome(version);
  const dir = mkdtempSync(join(tmpdir(), `flink-${version}-`));
  for (const sub of ['conf', 'log', 'tmp', 'upload', 'checkpoints', 'savepoints']) mkdirSync(join(dir, sub));
  const restPort = await freePort();
  const rpcPort = await freePort();
  const config = clusterConfig({
    dir,
    restPort,
    rpcPort,
    slots: options.slots ?? 4,
    restartStrategy: options.restartStrategy ?? { type: 'fixed-delay' },
    checkpointIntervalMs: options.checkpointIntervalMs ?? 1000,
    ...(options.config ? { extra: options.config } : {}),
  });
  writeFileSync(join(dir, 'conf', 'config.yaml'), toYaml(config));
  writeFileSync(join(dir, 'conf', 'log4j.properties'), LOG4J);

  const started = Date.now();
  const jobManager = startJvm(
    'jobmanager',
    home,
    dir,
    'org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint',
    [
      `-Xms${MEMORY.jobManagerHeap}`,
      `-Xmx${MEMORY.jobManagerHeap}`,
      `-XX:MaxMetaspaceSize=${MEMORY.jobManagerMetaspace}`,
    ],
  );
  const heap = MEMORY.frameworkHeapMb + MEMORY.taskHeapMb;
  const taskManager = startJvm(
    'taskmanager',
    home,
    dir,
    'org.apache.flink.runtime.taskexecutor.TaskManagerRunner',
    [
      `-Xms${heap}m`,
      `-Xmx${heap}m`,
      `-XX:MaxDirectMemorySize=${MEMORY.frameworkOffHeapMb + MEMORY.networkMb}m`,
      `-XX:MaxMetaspaceSize=${MEMORY.metaspaceMb}m`,
    ],
  );
  const children = [jobManager, taskManager];
  const url = `http://127.0.0.1:${restPort}`;
  const rest = new FlinkRestClient({
    url,
    timeoutMs: 5000,
    ...(options.signal ? { signal: options.signal } : {}),
  });

  const stop = async (stopOptions: { keep?: boolean } = {}): Promise<void> => {
    for (const child of children) killGroup(child, 'SIGTERM');
    for (const child of children) {
      if (!(await waitExit(child, 15_000))) {
        killGroup(child, 'SIGKILL');
        await waitExit(child, 5000);
      }
    }
    if (!stopOptions.keep) rmSync(dir, { recursive: true, force: true });
  };

  try {
    await pollUntil({
      what: `Flink ${version} at ${url} to answer with a TaskManager registered`,
      clock: systemClock,
      deadline: Date.now() + (options.startTimeoutMs ?? 120_000),
      intervalMs: 250,
      errorBudget: 1000,
      ...(options.signal ? { signal: options.signal } : {}),
      progress: log,
      probe: async () => {
        for (const [name, child] of [
          ['JobManager', jobManager],
          ['TaskManager', taskManager],
        ] as const) {
          if (child.exitCode !== null || child.signalCode !== null) {
            const file = join(dir, 'log', `${name.toLowerCase()}.log`);
            throw new Error(
              `the ${name} of Flink ${version} exited (${child.exitCode ?? child.signalCode}) during start:\n${tail(file)}\n${tail(join(dir, 'log', `${name.toLowerCase()}.out`))}`,
            );
          }
        }
        return rest.overview();
      },
      check: (overview) =>
        overview.taskmanagers >= 1
          ? { done: true, result: overview }
          : { done: false, state: `REST up, ${overview.taskmanagers} TaskManagers` },
    });
  } catch (err) {
    await stop({ keep: true });
    throw new Error(
      `Flink ${version} did not start (logs in ${join(dir, 'log')}): ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  const startMs = Date.now() - started;
  log(`Flink ${version} up at ${url} in ${(startMs / 1000).toFixed(1)} s (folder ${dir})`);
  return {
    version,
    url,
    rest: new FlinkRestClient({ url, ...(options.signal ? { signal: options.signal } : {}) }),
    dir,
    savepointDir: join(dir, 'savepoints'),
    checkpointDir: join(dir, 'checkpoints'),
    taskManagerOut: join(dir, 'log', 'taskmanager.out'),
    startMs,
    pids: () => children.map((c) => c.pid).filter((p): p is number => p !== undefined),
    stop,
  };
}
