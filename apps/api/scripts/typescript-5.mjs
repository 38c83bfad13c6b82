/**
 * A Node module hook for `scripts/openapi.ts`: openapi-typescript prints its output with the
 * TypeScript 5 compiler API, which the workspace's TypeScript 7 (the native compiler) does not
 * ship. Its `import 'typescript'` gets the `typescript-5` devDependency (npm:typescript@5) instead;
 * every other import resolves as usual.
 */
import { register } from 'node:module';

const hook = `
const here = ${JSON.stringify(import.meta.url)};
export async function resolve(specifier, context, next) {
  if (specifier === 'typescript' && context.parentURL?.includes('/openapi-typescript/')) {
    return next('typescript-5', { ...context, parentURL: here });
  }
  return next(specifier, context);
}
`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
