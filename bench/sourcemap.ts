/** Attributing the bytes of a minified file to the sources it was built from, through its source map (v3). */

export interface SourceMap {
  sources: string[];
  mappings: string;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The fields of one source-map segment (VLQ, each relative to the previous segment's). */
function decodeSegment(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    if (digit < 0) throw new Error(`Bad source map character ${char}`);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** Output code per source file, following the map's segments line by line. */
export function codeBySource(code: string, map: SourceMap): Map<string, string> {
  const lines = code.split('\n');
  const out = new Map<string, string[]>();
  const add = (source: string, text: string) => {
    const list = out.get(source) ?? [];
    list.push(text);
    out.set(source, list);
  };
  let sourceIndex = 0;
  for (const [lineNumber, mapped] of map.mappings.split(';').entries()) {
    const line = lines[lineNumber] ?? '';
    let column = 0;
    const starts: { column: number; source: number | null }[] = [];
    for (const segment of mapped.split(',').filter(Boolean)) {
      const fields = decodeSegment(segment);
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        sourceIndex += fields[1] ?? 0;
        starts.push({ column, source: sourceIndex });
      } else starts.push({ column, source: null });
    }
    if (starts.length === 0 || (starts[0]?.column ?? 0) > 0)
      add('(unmapped)', line.slice(0, starts[0]?.column));
    for (const [index, start] of starts.entries()) {
      const text = line.slice(start.column, starts[index + 1]?.column ?? line.length);
      add(start.source === null ? '(unmapped)' : (map.sources[start.source] ?? '(unknown)'), text);
    }
  }
  // Lines after the last mapped one (a trailing comment, say) belong to no source.
  for (const line of lines.slice(map.mappings.split(';').length)) add('(unmapped)', line);
  return new Map([...out].map(([source, parts]) => [source, parts.join('')]));
}

/** …/node_modules/preact/dist/x.js → "preact"; the project's own files keep their path. */
export function moduleGroup(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return path;
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
}
