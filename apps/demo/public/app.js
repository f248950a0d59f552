import { memoryItem, messageItem, sessionItem, statsRows } from './render.js';

const $ = (id) => document.getElementById(id);
const form = $('ask');
const input = $('message');
const sendButton = $('send');
const filter = $('filter');
const banner = $('banner');
const formError = $('form-error');

// Two modes, each with its own sessions: `chat` (answers from the documents, through the
// caches, kept in the chat history) and `agent` (an agent whose threads live in RedisSaver and
// whose memories live in RedisStore). The address says which: #session=<id> or #agent=<id>.
const MODES = {
  chat: {
    hash: 'session',
    sessions: '/api/sessions',
    messages: (id) => `/api/sessions/${id}/messages`,
    ask: (id, message) => ['/api/chat', { sessionId: id, message, filter: filter.value || null }],
  },
  agent: {
    hash: 'agent',
    sessions: '/api/agent/threads',
    messages: (id) => `/api/agent/threads/${id}/messages`,
    // Streamed: the answer shows as the model writes it, or as the agent's cache replays it.
    ask: (id, message) => ['/api/agent/stream', { sessionId: id, message }],
    streamed: true,
  },
};

let maxCharacters = 20000;
const fromUrl = sessionFromUrl();
let mode = fromUrl?.mode ?? localStorage.getItem('mode') ?? 'chat';
if (!MODES[mode]) mode = 'chat';
let sessionId = fromUrl?.id ?? localStorage.getItem(`${mode}:sessionId`) ?? newSessionId();
let sending = false;

function newSessionId() {
  return crypto.randomUUID().replaceAll('-', '');
}

function sessionFromUrl() {
  const match = /^#(session|agent)=([A-Za-z0-9_-]{1,64})$/.exec(location.hash);
  if (!match) return null;
  return { mode: match[1] === 'agent' ? 'agent' : 'chat', id: match[2] };
}

function remember(id) {
  sessionId = id;
  localStorage.setItem('mode', mode);
  localStorage.setItem(`${mode}:sessionId`, id);
  history.replaceState(null, '', `#${MODES[mode].hash}=${id}`);
}

/** Shows the controls of the current mode. */
function showMode() {
  for (const button of document.querySelectorAll('#modes button')) {
    button.setAttribute('aria-pressed', String(button.dataset.mode === mode));
  }
  $('filter-label').hidden = mode !== 'chat';
  $('memories-panel').hidden = mode !== 'agent';
  $('empty-chat').textContent =
    mode === 'agent'
      ? 'The agent searches the documents, and remembers what you tell it across conversations: say "Remember that my favourite database is Redis", then ask "What is my favourite database?" in a new chat.'
      : 'Ask about the packages: caches, the vector store, chat history. Ask the same question twice for an exact-cache hit, then a paraphrase for a semantic-cache hit.';
}

async function loadMemories() {
  if (mode !== 'agent') return;
  const { memories } = await api('/api/agent/memories');
  $('memories').replaceChildren(...memories.map(memoryItem));
  $('no-memories').hidden = memories.length > 0;
}

async function switchMode(next) {
  if (next === mode || sending) return;
  mode = next;
  showMode();
  await openSession(localStorage.getItem(`${mode}:sessionId`) ?? newSessionId());
}

/** Calls the API; rejects with the server's message, and shows the banner when Redis is away. */
async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, {
      ...options,
      headers: options.body ? { 'content-type': 'application/json' } : {},
    });
  } catch {
    showBanner('The demo server is not answering. Is it still running?');
    throw new Error('The demo server is not answering.');
  }
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) throw failure(response.status, payload.error?.message);
  return payload;
}

/** The error a failed reply carries, shown in the banner when Redis is away. */
function failure(status, message) {
  const error = new Error(message ?? `HTTP ${status}`);
  error.status = status;
  if (status === 503) showBanner(error.message);
  return error;
}

/**
 * POSTs `body` to a streamed route and hands each piece of the answer to `onToken` as it comes
 * (one JSON object per line); resolves to the last line, the answer and its details.
 */
async function streamAnswer(path, body, onToken) {
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
  } catch {
    showBanner('The demo server is not answering. Is it still running?');
    throw new Error('The demo server is not answering.');
  }
  if (!response.ok) {
    const payload = await response.json().catch(() => ({}));
    throw failure(response.status, payload.error?.message);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const line = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      if (line.type === 'token') onToken(line.text);
      else if (line.type === 'done') return line;
      else if (line.type === 'error') throw failure(line.status, line.error?.message);
    }
  }
  throw new Error('The answer stopped before it was complete.');
}

function showBanner(text) {
  banner.textContent = text;
  banner.hidden = false;
}

function showFormError(text) {
  formError.textContent = text ?? '';
  formError.hidden = !text;
}

function updateSendState() {
  const length = input.value.trim().length;
  const tooLong = input.value.length > maxCharacters;
  sendButton.disabled = sending || length === 0 || tooLong;
  $('counter').textContent = tooLong
    ? `${input.value.length.toLocaleString('en')} / ${maxCharacters.toLocaleString('en')} characters: too long`
    : '';
}

function renderMessages(entries) {
  $('messages').replaceChildren(...entries.map(messageItem));
  $('empty-chat').hidden = entries.length > 0;
  $('messages').lastElementChild?.scrollIntoView({ block: 'end' });
}

async function loadMessages() {
  const id = sessionId;
  const { messages } = await api(MODES[mode].messages(id));
  // Another session may have been opened while this one was loading.
  if (id === sessionId) renderMessages(messages);
}

async function loadSessions() {
  const { sessions } = await api(MODES[mode].sessions);
  const items = sessions.map((session) => sessionItem(session, sessionId, openSession));
  $('sessions').replaceChildren(...items);
}

async function openSession(id) {
  remember(id);
  showFormError(null);
  await Promise.all([loadMessages(), loadSessions(), loadMemories()]).catch(() => {});
}

async function refreshStatus() {
  let status;
  try {
    status = await api('/api/status');
  } catch {
    return;
  }
  if (status.redis.ok) {
    banner.hidden = true;
  } else {
    showBanner(
      `Redis is not reachable (${status.redis.error}). Answers and history are unavailable until it is back; the page recovers on its own.`,
    );
  }
  maxCharacters = status.maxMessageCharacters;
  $('stats').replaceChildren(...statsRows(status));
  const note = $('model-note');
  note.hidden = !status.models.standIn;
  note.textContent = `Stand-in model: no language model is called. Each reply is stitched together from the retrieved passages, with a delay of ${status.models.standInDelayMs} ms standing in for a real model's latency. Set OPENAI_API_KEY to use a real model.`;
  if (filter.options.length === 1) {
    for (const name of status.vector.packages) filter.append(new Option(name, name));
  }
  updateSendState();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const message = input.value.trim();
  if (!message || sending) return;
  sending = true;
  showFormError(null);
  updateSendState();
  const id = sessionId;
  const entries = [...$('messages').children];
  renderPending(message);
  try {
    const [path, body] = MODES[mode].ask(id, message);
    const { answer, details } = MODES[mode].streamed
      ? await streamAnswer(path, body, (text) => showToken(id, text))
      : await api(path, { method: 'POST', body: JSON.stringify(body) });
    input.value = '';
    loadSessions().catch(() => {});
    loadMemories().catch(() => {});
    // The answer belongs to the session it was asked in, which may no longer be on screen.
    if (id !== sessionId) return;
    $('pending')?.remove();
    $('streaming')?.remove();
    $('messages').append(
      messageItem({ role: 'user', text: message, details: null }),
      messageItem({ role: 'assistant', text: answer, details }),
    );
    $('messages').lastElementChild.scrollIntoView({ block: 'end' });
  } catch (error) {
    if (id === sessionId) $('messages').replaceChildren(...entries);
    if (error.status !== 503) showFormError(error.message);
  } finally {
    sending = false;
    updateSendState();
    refreshStatus();
  }
});

/** Adds a piece of a streamed answer to the answer being written, when its session is shown. */
function showToken(id, text) {
  if (id !== sessionId) return;
  let live = $('streaming');
  if (!live) {
    live = messageItem({ role: 'assistant', text: '', details: null });
    // Not yet an answer (`assistant`): that comes whole, with its details, when it is done.
    live.className = 'message streaming';
    live.id = 'streaming';
    $('messages').append(live);
  }
  live.querySelector('.text').textContent += text;
  live.scrollIntoView({ block: 'end' });
}

function renderPending(message) {
  $('empty-chat').hidden = true;
  const pending = messageItem({ role: 'user', text: message, details: null });
  pending.id = 'pending';
  pending.classList.add('pending');
  $('messages').append(pending);
}

input.addEventListener('input', updateSendState);
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});
$('new-session').addEventListener('click', () => openSession(newSessionId()));
for (const button of document.querySelectorAll('#modes button')) {
  button.addEventListener('click', () => switchMode(button.dataset.mode));
}

remember(sessionId);
showMode();
await refreshStatus();
await Promise.all([loadMessages(), loadSessions(), loadMemories()]).catch(() => {});
setInterval(refreshStatus, 3000);
