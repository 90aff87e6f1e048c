// --import hook for import-probe.js: registers a resolve hook that appends every resolved URL to
// the file named by RECORD_URLS_FILE (synchronously, so the list is complete when import() settles).
import { register } from 'node:module'

register(
  'data:text/javascript,' +
    encodeURIComponent(`
import { appendFileSync } from 'node:fs'
let file
export function initialize(data) { file = data.file }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  appendFileSync(file, result.url + '\\n')
  return result
}`),
  { data: { file: process.env.RECORD_URLS_FILE } },
)
