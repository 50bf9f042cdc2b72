import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';

/**
 * The server's source (src/ and migrations/) transpiled to JavaScript under `outDir`, file by
 * file without type checking (as ts-node's transpile-only mode does), so that a test can start
 * the server as a child process in a second or two however often it restarts it. `outDir` must
 * sit inside the repository so that node_modules resolves. `alsoDirs` (e.g. `['seed']`) are
 * transpiled beside them. Returns the path of main.js.
 */
export function transpileServer(root: string, outDir: string, alsoDirs: string[] = []): string {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => readFileSync(p, 'utf8'));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const compilerOptions: ts.CompilerOptions = {
    ...options,
    sourceMap: false,
    inlineSourceMap: false,
  };
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts')) {
        const out = join(outDir, relative(root, path)).replace(/\.ts$/, '.js');
        mkdirSync(dirname(out), { recursive: true });
        const js = ts.transpileModule(readFileSync(path, 'utf8'), {
          compilerOptions,
          fileName: path,
        });
        writeFileSync(out, js.outputText);
      }
    }
  };
  walk(join(root, 'src'));
  walk(join(root, 'migrations'));
  for (const dir of alsoDirs) walk(join(root, dir));
  return join(outDir, 'src', 'main.js');
}
