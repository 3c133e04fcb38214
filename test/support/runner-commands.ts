/**
 * What a GitHub Actions runner takes for a workflow command in a step's output, and hostile text
 * made to smuggle one in. The runner (actions/runner, ActionCommandManager) splits output into
 * lines at CR or LF, and for each line:
 *   - trims it, and if it starts with `::` parses `::name[ properties]::data` (the current form);
 *   - else looks for `##[name[ properties]]data` anywhere in it (the old form).
 * Properties and data are `%`-decoded only after a command is recognised, so `%0A` in a plain
 * line is inert.
 */
import fc from "fast-check";

/** The lines of output as the runner splits them. */
export function runnerLines(output: string): string[] {
  return output.split(/\r\n|\r|\n/);
}

/** Where hostile text marks the command it tries to inject; nothing hookbridge writes says it. */
export const CANARY = "HOOKBRIDGE-CANARY";

/**
 * A deliberate command: one @actions/core issues for the action itself (`::debug::`,
 * `::warning::`, `::error::`, `::notice::`, `::add-mask::`), without properties (hookbridge sets
 * none), whose data does not begin with hostile text. core.setOutput and saveState write files,
 * not commands, when GITHUB_OUTPUT and GITHUB_STATE are set, as on every runner.
 */
const DELIBERATE = /^::(debug|warning|error|notice|add-mask)::/;

/**
 * Every reason `output` would make a runner do something the action did not mean to: a line that
 * is not a deliberate command yet parses as one, a deliberate command whose data starts with the
 * canary, or the old `##[` form anywhere. `secrets` are the values the action masks on purpose.
 */
export function runnerCommandProblems(output: string, secrets: readonly string[]): string[] {
  const problems: string[] = [];
  for (const line of runnerLines(output)) {
    const trimmed = line.trim();
    if (trimmed.includes("##[")) problems.push(`old-form command: ${JSON.stringify(line)}`);
    if (!trimmed.startsWith("::")) continue;
    const deliberate = DELIBERATE.exec(trimmed);
    if (!deliberate) {
      problems.push(`command the action never issues: ${JSON.stringify(line)}`);
      continue;
    }
    const data = trimmed.slice(deliberate[0].length);
    if (data.includes(CANARY) && data.trimStart().startsWith(CANARY))
      problems.push(`command whose data is payload text: ${JSON.stringify(line)}`);
    if (deliberate[1] === "add-mask" && !secrets.includes(data))
      problems.push(`mask the action did not ask for: ${JSON.stringify(line)}`);
  }
  return problems;
}

const COMMANDS = [
  "warning",
  "error",
  "notice",
  "debug",
  "add-mask",
  "stop-commands",
  "set-env name=PATH",
  "add-path",
  "set-output name=x",
  "save-state name=x",
  "group",
  "echo",
  "error file=a.js,line=1,title=T",
];

const BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u0085", "%0A", "%0D%0A", "\n   ", "\n\t"];

/**
 * Text built to inject a command: something, a line break (or an escaped one), a command from
 * the runner's list carrying the canary, in the current or old form, and more text after.
 */
export function hostileText(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.string({ maxLength: 8 }),
      fc.constantFrom(...BREAKS),
      fc.constantFrom(...COMMANDS),
      fc.boolean(),
      fc.string({ maxLength: 8 }),
    )
    .map(([before, lineBreak, command, oldForm, after]) => {
      const injected = oldForm ? `##[${command}]${CANARY}` : `::${command}::${CANARY}`;
      return `${before}${lineBreak}${injected}${lineBreak}${after}`;
    });
}
