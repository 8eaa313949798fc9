export const CONTRACT: string;
export const OUTPUT: string;
export function generate(contract: unknown): string;
