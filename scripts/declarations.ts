/**
 * What a TypeScript file declares at its top level (functions, constants, types,
 * classes), each with its text, as the TypeScript compiler parses it: `npm run docs`
 * compares two labs' files with it to say which declarations are new, changed or gone.
 *
 * The compiler's own parser (TypeScript 7's API, which runs the compiler in a child
 * process) reads the files of this repository's tsconfig.json project, which
 * includes every lab. One `TypeScriptFiles` serves a whole run: close() it at the end.
 */
import { API } from "typescript/unstable/sync";
import { isClassDeclaration, isEnumDeclaration, isFunctionDeclaration, isIdentifier, isInterfaceDeclaration, isTypeAliasDeclaration, isVariableStatement, type Statement } from "typescript/unstable/ast";
import { fileURLToPath } from "node:url";

const repositoryRoot = fileURLToPath(new URL("../", import.meta.url));

export class TypeScriptFiles {
  private readonly api = new API({ cwd: repositoryRoot });
  private readonly project = this.api.updateSnapshot({ openProject: "tsconfig.json" }).getProjects()[0]!;

  /** name → text (its comments included) of each top-level declaration; null if the file is not in the project. */
  declarations(path: string): Map<string, string> | null {
    const file = this.project.program.getSourceFile(path);
    if (!file) return null;
    const found = new Map<string, string>();
    for (const statement of file.statements) {
      const text = file.text.slice(statement.pos, statement.end).trim();
      // An overload or a second `let a, b` adds to what the name already has.
      for (const name of declaredNames(statement)) found.set(name, (found.get(name) ?? "") + text);
    }
    return found;
  }

  close(): void {
    this.api.close();
  }
}

function declaredNames(statement: Statement): string[] {
  if (isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((declaration) => (isIdentifier(declaration.name) ? [declaration.name.text] : []));
  }
  if (
    isFunctionDeclaration(statement) ||
    isClassDeclaration(statement) ||
    isInterfaceDeclaration(statement) ||
    isTypeAliasDeclaration(statement) ||
    isEnumDeclaration(statement)
  ) {
    return statement.name ? [statement.name.text] : [];
  }
  return [];
}
