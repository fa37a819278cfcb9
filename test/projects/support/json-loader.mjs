// Node 20 refuses `import x from './y.json'` without an import attribute, which @actions/workflow-parser does.
// This loader hook serves .json modules with the json format so the parser loads on Node 20.
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.endsWith('.json')) return { ...result, format: 'json', importAttributes: { type: 'json' } };
  return result;
}

export async function load(url, context, next) {
  if (url.endsWith('.json')) return next(url, { ...context, format: 'json', importAttributes: { type: 'json' } });
  return next(url, context);
}
