#!/usr/bin/env node
// Entry point: Node >= 22.19 runs the TypeScript sources directly (type stripping).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  console.error(
    `gatemap needs Node.js 22.19 or newer; this is ${process.version}. Run ./run from the repository, which provisions Node 24.`,
  );
  process.exit(2);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
