declare const checkNode: {
  /** The sentence to print for a Node version older than hookbridge needs, or null when it is fine. */
  nodeVersionProblem(version: string): string | null;
  readonly REQUIRED_MAJOR: number;
};
export = checkNode;
