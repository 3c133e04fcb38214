export declare const PLACEHOLDER: string;
export declare const REWRITTEN: readonly string[];
export declare function rewrite(root: string, repository: string): string[];
export declare function reusableWorkflows(root: string): string[];
export declare function pinReusableWorkflows(
  root: string,
  repository: string,
  sha: string,
  tag?: string,
): string[];
