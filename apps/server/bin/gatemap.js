#!/usr/bin/env node
// Entry point. Node >= 22.19: @kubernetes/client-node needs it, and it runs the TypeScript
// sources directly (type stripping) in the repository.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  console.error(
    `gatemap needs Node.js 22.19 or newer; this is ${process.version}. Install Node.js 24 LTS (in the repository, ./run provisions it).`,
  );
  process.exit(2);
}

// `serve` holds a cluster's objects for as long as it runs, and `analyze` holds every object of
// its input. While objects pour in, V8 grows its young generation to 64 MB per semi-space and
// keeps it; at 16 MB the server holds 20-30 MB less after syncing 10,000 HTTPRoutes, and the
// analysis of 50,000 Routes peaks about 70 MB lower, at the same speed (most of what is allocated
// survives, so a larger young generation only copies more). V8 reads the flag only at start-up,
// so the process replaces itself once with it (same pid, same stdio), unless it was given.
const SEMI_SPACE = '--max-semi-space-size';
const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
if (
  (process.argv[2] === 'serve' || process.argv[2] === 'analyze') &&
  typeof process.execve === 'function' &&
  !given.some((flag) => flag.startsWith(SEMI_SPACE))
) {
  try {
    process.execve(
      process.execPath,
      [process.execPath, `${SEMI_SPACE}=16`, ...process.execArgv, ...process.argv.slice(1)],
      process.env,
    );
  } catch {
    // Not allowed here: serve with V8's default.
  }
}

// Start-up: the modules each run loads are compiled (and, in the repository, stripped of their
// types) once and kept in Node's compile cache (os.tmpdir()/node-compile-cache, keyed by each
// file's content, so an edited file is compiled afresh). It takes `gatemap analyze` of a small
// file from about 0.5 s to 0.2 s of CPU time (see `pnpm bench:analyze-cli`);
// NODE_DISABLE_COMPILE_CACHE=1 turns it off. Where the directory cannot be written, every run
// compiles as without it.
const { enableCompileCache } = await import('node:module');
try {
  enableCompileCache?.();
} catch {
  // Not available here: compile each run.
}

// The published package runs its compiled code (Node strips no types under node_modules); the
// repository runs the TypeScript sources.
const { existsSync } = await import('node:fs');
const compiled = new URL('../lib/server/cli/main.js', import.meta.url);
const { main } = await import(existsSync(compiled) ? compiled.href : '../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
