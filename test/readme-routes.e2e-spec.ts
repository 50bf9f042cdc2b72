import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLE_MATRIX } from './support/role-matrix';

/**
 * The README promises no route that is not there: every `METHOD /path` it writes in backticks
 * (prose and the API table) is a route of the role matrix, which test/role-matrix.e2e-spec.ts
 * holds equal to the routes the app serves. `GET/POST /x` and `/x/a\|b` are expanded.
 */
const normalise = (route: string) => route.replace(/:[A-Za-z]+/g, ':p');

function readmeRoutes(readme: string): string[] {
  const routes: string[] = [];
  // The generated role-matrix table lists the matrix itself; the walkthrough is tested apart.
  const prose = readme.replace(/<!-- role-matrix:start -->[^]*?<!-- role-matrix:end -->/, '');
  for (const m of prose.matchAll(/`((?:GET|POST|PUT|PATCH|DELETE)(?:\/[A-Z]+)*) ([^`\s]+)`/g)) {
    const path = m[2].replace(/^\/api\/v1(?=\/)/, '').replace(/\?.*$/, '');
    if (path.includes('…') || path === '/health' || path.startsWith('/docs')) continue;
    const slash = path.lastIndexOf('/');
    const lasts = path.slice(slash + 1).split('\\|');
    for (const method of m[1].split('/')) {
      for (const last of lasts) routes.push(`${method} ${path.slice(0, slash + 1)}${last}`);
    }
  }
  return routes;
}

describe('README routes', () => {
  it('reads routes as the README writes them', () => {
    expect(readmeRoutes('see `GET/POST /api/v1/a/:id/b\\|c?x=` and `POST …/d`')).toEqual([
      'GET /a/:id/b',
      'GET /a/:id/c',
      'POST /a/:id/b',
      'POST /a/:id/c',
    ]);
  });

  it('every route the README names exists', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const known = new Set(Object.keys(ROLE_MATRIX).map(normalise));
    const named = readmeRoutes(readme);
    expect(named.length).toBeGreaterThan(80); // the API table alone names more
    expect(named.filter((r) => !known.has(normalise(r)))).toEqual([]);
  });
});
