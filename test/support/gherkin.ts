/**
 * A small parser for the Gherkin subset the conformance suite uses: `Feature:`, tag lines (`@doubt`),
 * `Scenario:`, `Given/And/When/Then/But` steps with an optional doc string (`"""`) or table (`| a |`).
 */

export interface Step {
  keyword: string;
  text: string;
  line: number;
  docString?: string;
  table?: string[][];
}

export interface Scenario {
  name: string;
  tags: string[];
  line: number;
  steps: Step[];
}

export interface Feature {
  name: string;
  file: string;
  tags: string[];
  scenarios: Scenario[];
}

export class GherkinError extends Error {}

const STEP = /^(Given|And|When|Then|But)\s+(.*)$/;

/** Parses one feature file; throws GherkinError with the line number on anything it does not understand. */
export function parseFeature(text: string, file: string): Feature {
  const lines = text.split(/\r?\n/);
  let feature: Feature | undefined;
  let pendingTags: string[] = [];
  let scenario: Scenario | undefined;
  let i = 0;
  const fail = (message: string): never => {
    throw new GherkinError(`${file}:${i + 1}: ${message}`);
  };
  while (i < lines.length) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      i++;
      continue;
    }
    if (line.startsWith('@')) {
      pendingTags.push(...line.split(/\s+/).filter((t) => t.startsWith('@')));
      i++;
      continue;
    }
    if (line.startsWith('Feature:')) {
      if (feature) fail('a second Feature');
      feature = { name: line.slice('Feature:'.length).trim(), file, tags: pendingTags, scenarios: [] };
      pendingTags = [];
      i++;
      continue;
    }
    if (line.startsWith('Scenario:')) {
      if (!feature) fail('Scenario before Feature');
      scenario = { name: line.slice('Scenario:'.length).trim(), tags: [...feature!.tags, ...pendingTags], line: i + 1, steps: [] };
      pendingTags = [];
      feature!.scenarios.push(scenario);
      i++;
      continue;
    }
    const m = STEP.exec(line);
    if (m) {
      if (!scenario) fail('step outside a Scenario');
      const step: Step = { keyword: m[1]!, text: m[2]!, line: i + 1 };
      scenario!.steps.push(step);
      i++;
      // An attached doc string or table.
      while (i < lines.length && lines[i]!.trim() === '') i++;
      const next = lines[i]?.trim() ?? '';
      if (next.startsWith('"""')) {
        const indent = lines[i]!.indexOf('"""');
        const body: string[] = [];
        i++;
        while (i < lines.length && lines[i]!.trim() !== '"""') {
          const l = lines[i]!;
          body.push(l.slice(Math.min(indent, l.length - l.trimStart().length)));
          i++;
        }
        if (i >= lines.length) fail('unterminated doc string');
        i++;
        step.docString = body.join('\n').trim();
      } else if (next.startsWith('|')) {
        const rows: string[][] = [];
        while (i < lines.length && lines[i]!.trim().startsWith('|')) {
          rows.push(splitRow(lines[i]!.trim()));
          i++;
        }
        step.table = rows;
      }
      continue;
    }
    fail(`cannot parse: ${line}`);
  }
  if (!feature) throw new GherkinError(`${file}: no Feature`);
  return feature;
}

function splitRow(line: string): string[] {
  const inner = line.replace(/^\|/, '').replace(/\|$/, '');
  const cells: string[] = [];
  let cell = '';
  for (let k = 0; k < inner.length; k++) {
    const c = inner[k]!;
    if (c === '\\' && inner[k + 1] === '|') {
      cell += '|';
      k++;
    } else if (c === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell.trim());
  return cells;
}
