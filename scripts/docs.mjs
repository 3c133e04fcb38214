// Writes the README's input and output tables from the action.yml files, so the docs cannot
// drift from what the actions accept. `--check` exits 1 instead of writing when they differ.
import { readFileSync, writeFileSync } from "node:fs";
import { parse } from "yaml";

const root = new URL("..", import.meta.url).pathname;
const actions = { receive: "action.yml", emit: "emit/action.yml" };

const cell = (text) =>
  String(text ?? "")
    .trim()
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|");

function tables(file) {
  const action = parse(readFileSync(`${root}${file}`, "utf8"));
  // A required input has no default, so one column says both.
  const inputs = Object.entries(action.inputs ?? {}).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.required ? "**required**" : spec.default === undefined || spec.default === "" ? "" : `\`${cell(spec.default)}\``} | ${cell(spec.description)} |`,
  );
  const outputs = Object.entries(action.outputs ?? {}).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  );
  return {
    inputs: ["| input | default | description |", "| --- | --- | --- |", ...inputs].join("\n"),
    outputs: ["| output | description |", "| --- | --- |", ...outputs].join("\n"),
  };
}

export function render(readme) {
  let out = readme;
  for (const [name, file] of Object.entries(actions)) {
    let generated;
    try {
      generated = tables(file);
    } catch {
      continue;
    }
    for (const kind of ["inputs", "outputs"]) {
      const start = `<!-- ${kind}:${name}:start -->`;
      const end = `<!-- ${kind}:${name}:end -->`;
      const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
      out = out.replace(pattern, `${start}\n${generated[kind]}\n${end}`);
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const readme = readFileSync(`${root}README.md`, "utf8");
  const rendered = render(readme);
  if (process.argv.includes("--check")) {
    if (rendered !== readme) {
      console.error(
        "README.md input/output tables differ from action.yml: run npm run docs and commit README.md.",
      );
      process.exit(1);
    }
  } else if (rendered !== readme) {
    writeFileSync(`${root}README.md`, rendered);
  }
}
