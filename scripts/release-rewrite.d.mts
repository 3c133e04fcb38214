export declare const PLACEHOLDER: string;
export declare const REWRITTEN: readonly string[];
export declare function rewrite(root: string, repository: string): string[];
