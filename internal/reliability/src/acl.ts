import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replyToRecord, replyToString } from '@x/redis-core/internal';
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
 * The `ACL SETUSER` rule a README documents, from its fenced code blocks (indented continuation
 * lines joined): the only one, or, when there are several (one per engine or use), the one whose
 * rules include `including` (such as `+vadd` for the vector-set engine) and whose user is
 * `username`, where given.
 */
export function documentedAclRule(
  readme: string,
  including?: string,
  username?: string,
): DocumentedAclRule | undefined {
  const text = readFileSync(join(REPOSITORY_ROOT, readme), 'utf8');
  const lines: string[] = [];
  for (const block of text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)) {
    // A continuation joins only the ACL line right above it, in the same block: the indented
    // lines of a code example further down are not rules.
    let continuing = false;
    for (const line of (block[1] ?? '').split('\n')) {
      if (line.startsWith('ACL SETUSER')) {
        lines.push(line.trim());
        continuing = true;
      } else if (continuing && /^\s+\S/.test(line)) {
        lines.push(`${lines.pop()} ${line.trim()}`);
      } else {
        continuing = false;
      }
    }
  }
  const rules = lines.map((line) => {
    const [, , username = '', ...rest] = line.split(/\s+/);
    return { readme, username, rules: rest };
  });
  const chosen = rules.filter(
    (rule) =>
      (including === undefined || rule.rules.includes(including)) &&
      (username === undefined || rule.username === username),
  );
  return chosen.length === 1 ? chosen[0] : undefined;
}

/**
 * The key prefix a rule allows (`~chat:*` allows `chat`), with `<prefix>` placeholders
 * replaced by `fallback`.
 */
export function prefixOf(rule: DocumentedAclRule, fallback: string): string {
  // The first `~<prefix>:*`: a Query Engine rule also opens `~<name>`, its index.
  const prefix = rule.rules
    .map((item) => /^~(.+):\*$/.exec(item)?.[1])
    .find((match) => match !== undefined);
  if (prefix === undefined)
    throw new Error(`${rule.readme}: the ACL rule allows no ~<prefix>:* keys`);
  return prefix === '<prefix>' ? fallback : prefix;
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
