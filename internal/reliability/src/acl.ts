import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replyToRecord, replyToString } from '@x/redis-core';
import { REPOSITORY_ROOT } from '@x/test-utils';

/** An `ACL SETUSER` line of a README: the user, and the rules as written. */
export interface DocumentedAclRule {
  /** The README it came from, relative to the repository root. */
  readme: string;
  username: string;
  /** Every rule after the user name, e.g. `on`, `>password`, `~chat:*`, `+rpush`. */
  rules: string[];
}

/**
 * The `ACL SETUSER` rules a README documents, from its fenced code blocks: one per command,
 * continuation lines (indented) joined, each labelled by the `#` comment above it. Returns
 * the rule whose label or text mentions `label`, or the only one when `label` is not given.
 */
export function documentedAclRule(readme: string, label?: string): DocumentedAclRule | undefined {
  const text = readFileSync(join(REPOSITORY_ROOT, readme), 'utf8');
  const found: { label: string; line: string }[] = [];
  for (const block of text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)) {
    let comment = '';
    for (const line of (block[1] ?? '').split('\n')) {
      const last = found.at(-1);
      if (line.startsWith('#')) comment = line;
      else if (line.startsWith('ACL SETUSER')) found.push({ label: comment, line });
      else if (/^\s+\S/.test(line) && last !== undefined) last.line += ` ${line.trim()}`;
    }
  }
  const chosen =
    label === undefined
      ? found.length === 1
        ? found[0]
        : undefined
      : found.find((rule) => rule.label.includes(label) || rule.line.includes(label));
  if (chosen === undefined) return undefined;
  const [, , username = '', ...rules] = chosen.line.trim().split(/\s+/);
  return { readme, username, rules };
}

/** The password a rule sets (`>password`), which the test then connects with. */
export function passwordOf(rule: DocumentedAclRule): string {
  const token = rule.rules.find((item) => item.startsWith('>'));
  if (token === undefined) throw new Error(`${rule.readme}: the ACL rule sets no password`);
  return token.slice(1);
}

/** One entry of `ACL LOG`: what was refused, for whom. */
export interface AclLogEntry {
  username: string;
  /** `command`, `key`, `channel` or `auth`. */
  reason: string;
  /** The command (`client|setinfo`) or key that was refused. */
  object: string;
}

/** What `ACL LOG` holds (RESP2 or RESP3 replies), newest first. */
export function parseAclLog(reply: unknown): AclLogEntry[] {
  return (Array.isArray(reply) ? reply : []).map((entry) => {
    const record = replyToRecord(entry);
    return {
      username: replyToString(record.username) ?? '',
      reason: replyToString(record.reason) ?? '',
      object: replyToString(record.object) ?? '',
    };
  });
}
