import { spawn, type ChildProcess } from 'node:child_process';

/** A server (or `npm start`) running as a child process, with everything it printed so far. */
export interface StartedServer {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  url: string;
  /** The server's own pid (the child's, or the node that npm started). */
  pid: number;
  stdout: string[];
  stderr: string[];
}

const LISTENING = /ThioLab listening on http:\/\/localhost:(\d+) \(pid (\d+)/;

/**
 * Spawns `command args` and resolves once it prints the "listening" line. Rejects with what it
 * printed when it exits first or takes more than `timeoutMs`.
 */
export function startServer(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<StartedServer> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const printed = () => `stdout:\n${stdout.join('')}\nstderr:\n${stderr.join('')}`;
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`no "listening" line in ${options.timeoutMs ?? 150_000} ms:\n${printed()}`));
    }, options.timeoutMs ?? 150_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout.push(chunk.toString());
      const m = LISTENING.exec(stdout.join(''));
      if (m) {
        clearTimeout(timer);
        ok({ child, url: `http://127.0.0.1:${m[1]}`, pid: Number(m[2]), stdout, stderr });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`exited (${code ?? signal}) before listening:\n${printed()}`));
    });
  });
}

/** Resolves with how the child ended, or null when it is still running after `ms`. */
export function exitWithin(
  child: ChildProcess,
  ms: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((done) => {
    const timer = setTimeout(() => done(null), ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal });
    });
  });
}

/** Is anything still answering at `url`? */
export async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** Is a process with this pid still running? */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills the server and the child (SIGKILL) if they still run; for `afterEach` and `finally`. */
export async function stopServer(server: StartedServer | undefined): Promise<void> {
  if (!server) return;
  try {
    process.kill(server.pid, 'SIGKILL'); // a server left behind by npm must not hold the pipes
  } catch {
    // already gone
  }
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await exitWithin(child, 10_000);
}
