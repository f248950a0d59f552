// DOM builders for the page. Every text from the server or the user goes in through
// textContent, never as HTML.

/** An element with attributes and children (strings become text nodes). */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child !== undefined && child !== null) node.append(child);
  }
  return node;
}

const SOURCE_LABELS = { model: 'model', exact: 'exact cache', semantic: 'semantic cache' };
/** How the knowledge base finds passages, as the stats panel says it. */
const SEARCH_METHODS = {
  hybrid: 'hybrid: words (BM25) + meaning',
  similarity: 'meaning (vectors)',
};

export function formatMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

export function formatDistance(distance) {
  return distance.toFixed(3);
}

/** The line under an agent's answer: the tools it called, whether its cache served it, the time. */
function agentMeta(details) {
  const tools = details.tools.length > 0 ? `used ${details.tools.join(', ')}` : 'no tool';
  const cache = details.cache;
  return element(
    'div',
    { class: 'meta' },
    element('span', { class: 'badge agent' }, 'agent'),
    element('span', { class: 'tools muted' }, tools),
    cache
      ? element('span', { class: `badge ${cache.source}` }, `answer from the ${cache.source} cache`)
      : null,
    cache && cache.distance !== null
      ? element('span', { class: 'distance' }, `distance ${formatDistance(cache.distance)}`)
      : null,
    details.ms === null ? null : element('span', { class: 'time' }, formatMs(details.ms)),
  );
}

/** The line under an answer: where it came from, the distance, the time. */
function answerMeta(details) {
  if (details.source === 'agent') return agentMeta(details);
  const parts = [
    element('span', { class: `badge ${details.source}` }, SOURCE_LABELS[details.source]),
  ];
  if (details.source === 'semantic') {
    parts.push(
      element('span', { class: 'distance' }, `distance ${formatDistance(details.distance)}`),
    );
  } else if (details.source === 'model' && details.nearestDistance !== null) {
    const nearest = `a cached question at ${formatDistance(details.nearestDistance)} was refused`;
    parts.push(element('span', { class: 'muted' }, nearest));
  }
  parts.push(element('span', { class: 'time' }, formatMs(details.ms)));
  if (details.filter) parts.push(element('span', { class: 'muted' }, `in ${details.filter}`));
  return element('div', { class: 'meta' }, ...parts);
}

/** A short plain-text excerpt of a markdown passage: no heading, code blocks or tables. */
function excerpt(markdown, length = 200) {
  const text = markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .split('\n')
    .filter((line) => !/^\s*(#|\|)/.test(line))
    .join(' ')
    .replace(/[`*]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** The retrieved passages of an answer, nearest first, folded. */
function passageList(details) {
  if (!details.passages || details.passages.length === 0) return null;
  const items = details.passages.map((passage) =>
    element(
      'li',
      { class: 'passage' },
      element(
        'div',
        { class: 'passage-title' },
        element('span', { class: 'tag' }, passage.package),
        ` ${passage.section} `,
        element('span', { class: 'distance' }, `distance ${formatDistance(passage.distance)}`),
      ),
      element('p', {}, excerpt(passage.text)),
    ),
  );
  const label =
    details.source === 'model'
      ? `Retrieved passages (${items.length})`
      : `Passages of the cached answer (${items.length})`;
  return element(
    'details',
    { class: 'passages' },
    element('summary', {}, label),
    element('ol', {}, ...items),
  );
}

/** One chat message. */
export function messageItem(entry) {
  if (entry.role === 'user') {
    return element('li', { class: 'message user' }, element('div', { class: 'text' }, entry.text));
  }
  const details = entry.details;
  return element(
    'li',
    { class: 'message assistant', 'data-source': details?.source ?? 'unknown' },
    element('div', { class: 'text' }, entry.text),
    details ? answerMeta(details) : null,
    details ? passageList(details) : null,
  );
}

/** One memory of the agent. */
export function memoryItem(memory) {
  return element('li', { class: 'memory' }, memory.text);
}

/** One session in the list. */
export function sessionItem(session, current, onOpen) {
  const button = element(
    'button',
    { type: 'button', class: session.id === current ? 'current' : '', 'data-session': session.id },
    element('span', { class: 'title' }, session.title),
    element('span', { class: 'muted' }, `${session.messages} messages`),
  );
  button.addEventListener('click', () => onOpen(session.id));
  return element('li', {}, button);
}

/** The stats panel's rows. */
export function statsRows(status) {
  const rows = [];
  const row = (name, value, testId) =>
    rows.push(element('dt', {}, name), element('dd', { 'data-stat': testId }, value));
  const { exact, semantic } = status.caches;
  const count = (number, one, many = `${one}s`) => `${number} ${number === 1 ? one : many}`;
  const hitsAndMisses = ({ hits, misses }) =>
    `${count(hits, 'hit')}, ${count(misses, 'miss', 'misses')}`;
  row('exact cache', hitsAndMisses(exact), 'exact');
  row('semantic cache', semantic ? hitsAndMisses(semantic) : 'not enabled', 'semantic');
  if (semantic) row('refused by verifiers', count(semantic.refused, 'near question'), 'refused');
  row('model answers', String(status.answers.model), 'model');
  const agent = status.agentCache;
  if (agent) {
    row('agent answer cache', hitsAndMisses(agent), 'agent-cache');
    row('agent tokens saved', String(agent.tokensSaved.total), 'agent-tokens');
  }
  row('time saved', formatMs(status.timeSavedMs), 'saved');
  const { documents, indexing } = status.vector;
  row('documents indexed', `${documents ?? '?'}${indexing ? ' (indexing...)' : ''}`, 'documents');
  row('vector engine', status.vector.engine, 'engine');
  row('retrieval', SEARCH_METHODS[status.vector.search] ?? status.vector.search, 'search');
  row('Redis', `${status.redis.server} ${status.redis.version}`, 'server');
  row('chat model', status.models.chat, 'chat-model');
  row('embeddings', status.models.embeddings, 'embeddings');
  return rows;
}
