// The web simulator page: send what you would say to Alexa, show and play the answers.
// One answer plays at a time on the page's clock (sped up if asked); earlier turns stay
// as they were when the next one arrived.
"use strict";

const API = "/simulator/api/turn";
const ID_KEY = "brc-simulator-id";
const ID_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
const CLOCK_COMMANDS = /^:(wait|at|new-session)\b/; // commands that move the skill's clock
const LATENCY = 2; // seconds the skill allows between speech heard and the request

const state = {
  simId: "",
  speed: 1,
  device: "show",
  locale: "en-US",
  current: null, // the latest answer: {data, parts, startedAt, stoppedAt, done}
  screenOf: null, // the answer whose screen is on show
  queue: Promise.resolve(),
  reading: 0, // bumped to cancel a reading aloud
};

const $ = (id) => document.getElementById(id);

// ---- small helpers ----

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function clamp(x, low, high) {
  return Math.min(high, Math.max(low, x));
}

function secondsText(seconds) {
  return `${Number(seconds.toFixed(1))} s`;
}

function clockText(ms) {
  const seconds = Math.round(Math.max(0, ms) / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

function makeSimId() {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return "web-" + Array.from(bytes, (b) => ID_LETTERS[b % ID_LETTERS.length]).join("");
}

function loadSimId() {
  let id = sessionStorage.getItem(ID_KEY);
  const reloaded = Boolean(id && /^[A-Za-z0-9-]{1,40}$/.test(id));
  if (!reloaded) {
    id = makeSimId();
    sessionStorage.setItem(ID_KEY, id);
  }
  return { id, reloaded };
}

// ---- the answer's clock ----

function elapsed(answer) {
  if (answer.stoppedAt !== null) return answer.stoppedAt;
  const seconds = ((performance.now() - answer.startedAt) / 1000) * state.speed;
  return Math.min(seconds, answer.data.seconds);
}

function isPlaying(answer) {
  return Boolean(answer) && answer.stoppedAt === null && elapsed(answer) < answer.data.seconds;
}

// Simulated seconds into the answer still playing, or undefined when none is.
function currentAt() {
  const answer = state.current;
  return isPlaying(answer) ? Number(elapsed(answer).toFixed(3)) : undefined;
}

function stopAnswer(answer, at) {
  if (!answer || answer.stoppedAt !== null) return;
  answer.stoppedAt = Math.min(at ?? elapsed(answer), answer.data.seconds);
  showAnswerAt(answer, answer.stoppedAt);
  for (const part of answer.parts) part.el.classList.remove("current");
}

// Where a clock command leaves the playing answer, as the skill will take it: ':wait' after
// hearing it out, ':at N' where N seconds after it began is heard (the 2 s allowance off),
// ':new-session' where it is now.
function clockStop(line) {
  const [name, arg] = line.slice(1).split(/\s+/);
  if (name === "wait") return Infinity;
  if (name === "at") return Math.max(0, Number(arg) - LATENCY);
  return undefined;
}

function changeSpeed(speed) {
  const answer = state.current;
  const at = answer ? elapsed(answer) : 0;
  state.speed = speed;
  if (answer) answer.startedAt = performance.now() - (at / speed) * 1000;
}

// ---- talking to the server ----

// Turns go one at a time, in order.
function enqueue(run) {
  state.queue = state.queue.then(run).catch(reportFailure);
  return state.queue;
}

function sendSay(text) {
  const line = text.trim();
  if (!line) return;
  const wait = /^:wait\s+(\d+(?:\.\d+)?)$/.exec(line);
  if (wait) {
    enqueue(() => waitWhilePlaying(Number(wait[1]), line));
    return;
  }
  enqueue(() => exchange({ sim: state.simId, say: line }, line));
}

// ':wait N' while an answer plays: N seconds of it pass on the page first (a device would
// go on playing); only what is left over is silence after it, sent to the simulator.
function waitWhilePlaying(seconds, line) {
  const answer = state.current;
  if (!isPlaying(answer)) return exchange({ sim: state.simId, say: line }, line);
  const left = answer.data.seconds - elapsed(answer);
  if (seconds < left) {
    answer.startedAt -= (seconds / state.speed) * 1000;
    addTurn(commandTurn(line, `(${seconds} s of the answer pass)`, false));
    return undefined;
  }
  answer.startedAt -= (left / state.speed) * 1000; // heard out
  const rest = Number((seconds - left).toFixed(3));
  const shown = `${line} (the answer plays out, then ${rest} s of silence)`;
  return exchange({ sim: state.simId, say: `:wait ${rest}` }, shown);
}

function sendTouch(event) {
  enqueue(() => exchange({ sim: state.simId, touch: event }, `(touch ${event})`));
}

async function exchange(body, shown) {
  const said = typeof body.say === "string" ? body.say : "";
  const isCommand = said.startsWith(":") && !said.startsWith(":touch "); // a touch is a turn
  const at = isCommand ? undefined : currentAt();
  if (at !== undefined) body.at = at;
  const response = await fetch(API, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) {
    addTurn(commandTurn(shown, data.error || `HTTP ${response.status}`, true));
    return;
  }
  if (isCommand) {
    if (CLOCK_COMMANDS.test(body.say) && /^\(/.test(data.note || "")) {
      stopAnswer(state.current, clockStop(body.say));
    }
    addTurn(commandTurn(shown, data.note || "", Boolean(data.error)));
  } else if ("pieces" in data) {
    stopAnswer(state.current, at);
    startAnswer(data);
  } else {
    addTurn(answerTurn(shown, data).el);
  }
  showSession(data);
}

function reportFailure(error) {
  addTurn(commandTurn("(not sent)", `Could not reach the simulator: ${error.message}`, true));
}

// ---- the transcript ----

function addTurn(node) {
  const transcript = $("transcript");
  transcript.appendChild(node);
  // The new turn from its start (a long answer would push "You: ..." out of view).
  transcript.scrollTop += node.getBoundingClientRect().top - transcript.getBoundingClientRect().top;
}

function describeUnderstood(understood) {
  if (!understood) return "not understood";
  if (understood.kind === "launch") return "LaunchRequest";
  const slots = (understood.slots || []).map((slot) => {
    const resolved = slot.resolved
      ? ` → ${slot.resolved[slot.resolved.length - 1]}`
      : " (ER_SUCCESS_NO_MATCH)";
    return ` ${slot.name}="${slot.value}"${resolved}`;
  });
  return understood.intent + slots.join("") + (understood.oneShot ? " (one-shot)" : "");
}

function commandTurn(shown, note, isError) {
  const turn = el("div", "turn note");
  turn.appendChild(el("p", "you", shown));
  if (note) turn.appendChild(el("p", isError ? "note error" : "note", note));
  return turn;
}

function holdPart(piece) {
  const node = el("div", "piece hold");
  const bar = el("div", "bar");
  const fill = el("div", "fill");
  bar.appendChild(fill);
  node.append(el("span", "hold-label", `hold ${secondsText(piece.seconds)}`), bar);
  const cues = (piece.cues || []).map(([at, text]) => {
    const cue = el("p", "cue", text);
    cue.dataset.at = String(at);
    node.appendChild(cue);
    return { el: cue, at };
  });
  return { node, fill, cues };
}

function piecePart(piece, start) {
  if (piece.kind === "hold") {
    const { node, fill, cues } = holdPart(piece);
    return { el: node, fill, cues, start, seconds: piece.seconds };
  }
  const node = piece.kind === "pause"
    ? el("p", "piece pause", `[pause ${secondsText(piece.seconds)}]`)
    : el("p", "piece speech", piece.text);
  return { el: node, fill: null, cues: [], start, seconds: piece.seconds };
}

function answerTurn(shown, data) {
  const turn = el("div", "turn");
  turn.appendChild(el("p", "you", data.said || shown));
  if ("understood" in data) turn.appendChild(el("p", "understood", describeUnderstood(data.understood)));
  const alexa = el("div", "alexa");
  const parts = [];
  let start = 0;
  for (const piece of data.pieces || []) {
    const part = piecePart(piece, start);
    parts.push(part);
    alexa.appendChild(part.el);
    start += piece.seconds;
  }
  if (parts.length) turn.appendChild(alexa);
  if (data.reprompt) turn.appendChild(el("p", "reprompt", data.reprompt));
  if (data.card) turn.appendChild(cardOf(data.card));
  if (data.answered === false) turn.appendChild(el("p", "note", "nothing was sent to the skill"));
  for (const note of data.notes || []) turn.appendChild(el("p", "note", note));
  if (data.error) turn.appendChild(el("p", "note error", data.error));
  return { el: turn, parts };
}

function cardOf(card) {
  const node = el("p", "card");
  node.append(el("strong", "card-title", card.title || ""), `: ${card.content || card.text || ""}`);
  return node;
}

// ---- playing the latest answer ----

function startAnswer(data) {
  cancelReading();
  const { el: turn, parts } = answerTurn(data.said, data);
  addTurn(turn);
  const answer = { data, parts, startedAt: performance.now(), stoppedAt: null, done: false };
  state.current = answer;
  // Nothing said (a touch no screen of ours sends, words not understood): a device keeps
  // what it was showing.
  if (data.speech || data.screen) showScreen(data.screen, data.device, answer);
  requestAnimationFrame(() => tick(answer));
}

// One loop per answer; it ends when the answer does, or when a newer one takes over.
function tick(answer) {
  if (answer !== state.current || answer.done) return;
  const at = elapsed(answer);
  showAnswerAt(answer, at);
  if (answer.stoppedAt !== null || at >= answer.data.seconds) {
    answer.done = true;
    for (const part of answer.parts) part.el.classList.remove("current");
    return;
  }
  requestAnimationFrame(() => tick(answer));
}

function showAnswerAt(answer, at) {
  for (const part of answer.parts) {
    const into = at - part.start;
    part.el.classList.toggle("current", into >= 0 && into < part.seconds);
    if (part.fill) {
      const share = part.seconds > 0 ? clamp(into / part.seconds, 0, 1) : (into >= 0 ? 1 : 0);
      part.fill.style.width = `${(share * 100).toFixed(2)}%`;
    }
    for (const cue of part.cues) cue.el.classList.toggle("heard", into >= cue.at);
  }
  showClock(answer, at);
  if (answer === state.screenOf) tickScreen(answer, at);
}

function showClock(answer, at) {
  const total = answer.data.seconds;
  let text = `${Math.floor(at)} s of ${Math.round(total)} s`;
  if (at >= total) text = "finished";
  else if (answer.stoppedAt !== null) text = `stopped at ${text}`;
  $("clock").textContent = text;
}

// ---- the device screen ----

function showScreen(screen, device, owner, why) {
  const box = $("screen");
  box.replaceChildren();
  box.className = "screen";
  state.screenOf = screen ? owner : null;
  if (!screen) {
    const empty = device === "speaker" ? "No screen (speaker only)" : why || "Nothing on screen";
    box.appendChild(el("p", "screen-empty", empty));
  } else if (screen.kind === "text") {
    box.classList.add("text-screen");
    const title = el("h3", "", screen.properties.title || "");
    const text = el("p", "", screen.properties.text || "");
    title.id = "screen-title";
    text.id = "screen-text";
    box.append(title, text);
  } else if (screen.kind === "step") {
    box.classList.add("step-screen");
    buildStepScreen(box, screen.properties);
    showStep(screen.properties, 0);
  }
}

function buildStepScreen(box, props) {
  const top = el("div", "screen-top");
  const fields = [
    [top, "p", "screen-routine"], [top, "p", "screen-status"],
    [box, "p", "screen-heading"], [box, "p", "screen-name"], [box, "p", "screen-text"],
    [box, "p", "screen-after"],
    [box, "p", "screen-countdown"], [box, "div", "screen-bar"], [box, "p", "screen-cue"],
  ];
  box.appendChild(top);
  for (const [parent, tag, id] of fields) {
    const node = el(tag, id);
    node.id = id;
    parent.appendChild(node);
  }
  $("screen-bar").appendChild(el("div", "fill"));
  $("screen-countdown").setAttribute("aria-label", "Time left in this hold");
  const buttons = el("div", "screen-buttons");
  buttons.id = "screen-buttons";
  box.appendChild(buttons);
}

// The buttons of the part on show (each part has its own: no Pause at "say next").
function showButtons(part) {
  const box = $("screen-buttons");
  const buttons = part ? part.buttons || [] : [];
  const key = buttons.map((b) => b.event).join(" ");
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.replaceChildren(...buttons.map((button) => {
    const node = el("button", "", button.label);
    node.type = "button";
    node.dataset.event = button.event;
    return node;
  }));
}

function tickScreen(answer, at) {
  const screen = answer.data.screen;
  if (screen && screen.kind === "step" && screen.properties.running) {
    showStep(screen.properties, at * 1000);
  }
}

function showStep(props, elapsedMs) {
  const now = props.running ? elapsedMs : 0;
  const part = (props.parts || []).find((p) => p.from <= now && now < p.to);
  $("screen-routine").textContent = props.routine || "";
  $("screen-status").textContent = props.status || "";
  $("screen-heading").textContent = part ? [part.heading, part.side].filter(Boolean).join(" · ") : "";
  $("screen-name").textContent = part ? part.name : "";
  $("screen-text").textContent = part ? part.text : "";
  $("screen-after").textContent = part ? part.after || "" : "";
  const hold = Boolean(part && part.hold);
  $("screen-countdown").hidden = !hold;
  $("screen-bar").hidden = !hold;
  $("screen-countdown").textContent = hold ? clockText(part.holdTo - Math.max(now, part.countFrom)) : "";
  if (hold) {
    const span = part.holdTo - part.holdFrom;
    const share = span > 0 ? clamp((Math.max(now, part.countFrom) - part.holdFrom) / span, 0, 1) : 1;
    $("screen-bar").firstChild.style.width = `${(share * 100).toFixed(2)}%`;
  }
  const cue = part ? (part.cues || []).find((c) => c.from <= now && now < c.to) : null;
  $("screen-cue").textContent = cue ? cue.text : "";
  showButtons(part);
}

// The skill's screen goes once the answer that closed the session has been said.
function closeScreen(owner) {
  const done = () => {
    if (state.screenOf !== owner) return;
    if (isPlaying(owner)) return setTimeout(done, 250);
    state.screenOf = null;
    showScreen(null, state.device, null, "The session has ended: the skill's screen has closed");
    return undefined;
  };
  done();
}

// ---- the session panel ----

function showSession(data) {
  if ("open" in data) {
    const open = Boolean(data.open);
    $("session-state").textContent = open ? "Session open" : "Session closed";
    $("session-state").className = `session-state ${open ? "open" : "closed"}`;
    // A device leaves the skill's screen when the session ends (after its last words).
    if (!open && state.screenOf) closeScreen(state.screenOf);
  }
  if ("attributes" in data) $("attributes").textContent = JSON.stringify(data.attributes, null, 2);
  if (data.locale) state.locale = data.locale;
  $("session-locale").textContent = state.locale;
  if (data.device && data.device !== state.device) {
    state.device = data.device;
    $("device").value = data.device === "speaker" ? "voice" : "show";
    if (!("pieces" in data)) showScreen(null, data.device, null);
  }
  $("session-device").textContent = state.device === "speaker" ? "speaker only" : "Echo Show";
}

// ---- reading aloud ----

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function speak(text, expectedSeconds) {
  return new Promise((resolve) => {
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = state.locale;
    utterance.onend = resolve;
    utterance.onerror = resolve;
    setTimeout(resolve, (expectedSeconds * 2 + 2) * 1000); // in case 'end' never comes
    window.speechSynthesis.speak(utterance);
  });
}

function cancelReading() {
  state.reading += 1;
  if (window.speechSynthesis) window.speechSynthesis.cancel();
}

async function readAloud() {
  const answer = state.current;
  if (!answer || !window.speechSynthesis) return;
  cancelReading();
  const token = state.reading;
  const speed = state.speed;
  for (const piece of answer.data.pieces) {
    if (token !== state.reading) return;
    if (piece.kind === "speech") {
      await speak(piece.text, piece.seconds);
      continue;
    }
    for (const [at, text] of piece.cues || []) {
      setTimeout(() => token === state.reading && speak(text, 5), (at * 1000) / speed);
    }
    await sleep((piece.seconds * 1000) / speed);
  }
}

// ---- wiring ----

function onClick(selector, attribute, handler) {
  document.addEventListener("click", (event) => {
    const button = event.target.closest(selector);
    if (button) handler(button.getAttribute(attribute));
  });
}

function setUpReadAloud() {
  const button = $("read-aloud");
  if (!window.speechSynthesis || typeof SpeechSynthesisUtterance === "undefined") {
    button.disabled = true;
    button.title = "This browser has no speech synthesis (window.speechSynthesis is missing)";
    return;
  }
  button.title = "Read the latest answer aloud with the browser's voice";
  button.addEventListener("click", readAloud);
}

function init() {
  const { id, reloaded } = loadSimId();
  state.simId = id;
  state.speed = Number($("speed").value) || 1;
  $("say-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("utterance");
    sendSay(input.value);
    input.value = "";
    input.focus();
  });
  onClick("#quick button[data-say]", "data-say", sendSay);
  onClick("#screen-buttons button[data-event]", "data-event", sendTouch);
  $("speed").addEventListener("change", (event) => changeSpeed(Number(event.target.value) || 1));
  $("device").addEventListener("change", (event) => sendSay(`:device ${event.target.value}`));
  $("new-session").addEventListener("click", () => sendSay(":new-session"));
  setUpReadAloud();
  if (reloaded) {
    addTurn(commandTurn("(page reloaded)", "The simulator's session and clock carry on; the transcript starts afresh.", false));
    syncDevice();
  }
}

// After a reload the simulator may be set to another device than the page shows: set it
// to the page's choice, quietly (no turn in the transcript).
function syncDevice() {
  const body = { sim: state.simId, say: `:device ${$("device").value}` };
  state.queue = fetch(API, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  })
    .then((response) => response.json())
    .then(showSession)
    .catch(() => {});
}

document.addEventListener("DOMContentLoaded", init);
