import type { TokenListing } from '../../src/index.js';

const COLUMNS = ['name', 'created', 'last used', 'scope', 'revoked'] as const;

/** `token list`: one row per token, aligned columns, never the token or its hash (a listing has neither). */
export function formatTokenList(tokens: readonly TokenListing[]): string[] {
  if (!tokens.length) return ['No tokens yet. Create one with: npm run token -- create <name>'];
  const rows = tokens.map((t) => [t.name, t.createdAt, t.lastUsedAt ?? '-', t.scope ? `${t.scope.surface}:${t.scope.workspaceId}` : '-', t.revokedAt ?? '-']);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(COLUMNS), ...rows.map(line)];
}
