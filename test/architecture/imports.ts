import ts from "typescript";

/** One module a source file reaches, and how. */
export interface ModuleImport {
  /** As written; for an `import()` of a template with substitutions, its text before the first. */
  readonly specifier: string;
  readonly line: number;
  readonly kind: "import" | "export" | "dynamic" | "type" | "builtin";
}

/**
 * Every module `text` reaches, read with TypeScript's parser: imports and re-exports (`import type`
 * too), `import()` of a string or a template, `import("…")` in a type, and the Node built-ins a
 * module takes with `process.getBuiltinModule("…")` instead of an import.
 */
export function importsOf(file: string, text: string): ModuleImport[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const found: ModuleImport[] = [];
  const add = (node: ts.Node, specifier: string, kind: ModuleImport["kind"]) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push({ specifier, line: line + 1, kind });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text, "import");
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node, node.moduleSpecifier.text, "export");
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      add(node, node.argument.literal.text, "type");
    } else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const text =
        first === undefined
          ? undefined
          : ts.isStringLiteralLike(first)
            ? first.text
            : ts.isTemplateExpression(first)
              ? first.head.text
              : undefined;
      if (text !== undefined && node.expression.kind === ts.SyntaxKind.ImportKeyword)
        add(node, text, "dynamic");
      else if (text !== undefined && isGetBuiltinModule(node.expression))
        add(node, text, "builtin");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `process.getBuiltinModule`, the one way to take a Node built-in without importing it. */
function isGetBuiltinModule(callee: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === "getBuiltinModule" &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === "process"
  );
}
