"""A tab outlives its server: when the connection drops, reload the same link once a server answers.

Streamlit's client reconnects by itself, but a restarted server or another replica has no
session for it, nor the tab's fragments: their reruns would be silently dropped. The script
below (it only writes ``textContent``) sees the connection lost by Streamlit pinging
``/_stcore/health``, a new websocket to ``/_stcore/stream``, or Streamlit's status; after 3
reloads in a minute it waits 5 s, doubling up to 60 s. The view lives in the link, so any
replica reopens it (tests/e2e/test_deploy.py).
"""

from __future__ import annotations

import functools

import streamlit as st

NAME = "gradviz.reconnect"
KEY = "gv-reconnect"

JS = r"""
export default function (component) {
  const health = (component.data && component.data.health) || "/_stcore/health";
  const w = window;
  if (w.__gradvizReconnect) { w.__gradvizReconnect.health = health; return; }
  const me = { health: health, lost: false, reloading: false, notice: null };
  w.__gradvizReconnect = me;
  const fetch0 = w.fetch.bind(w);

  function say(text) {
    if (!me.notice) {
      me.notice = document.createElement("div");
      me.notice.className = "gv-reconnect";
      me.notice.setAttribute("role", "status");
      me.notice.setAttribute("aria-live", "polite");
      me.notice.setAttribute("data-testid", "gvReconnectNotice");
      document.body.appendChild(me.notice);
    }
    me.notice.textContent = text;
  }

  // Reloads of this tab in the last minute (sessionStorage: this tab only), so that a server
  // that answers its health check but drops websockets (a misconfigured proxy) is not hammered.
  function recent() {
    try {
      const t = JSON.parse(w.sessionStorage.getItem("gvReconnect") || "[]");
      return Array.isArray(t) ? t.filter((x) => Date.now() - x < 60000) : [];
    } catch (e) {
      return [];
    }
  }

  function reload() {
    if (me.reloading) return;
    me.reloading = true;
    const times = recent();
    const delay = times.length >= 3 ? Math.min(5000 * 2 ** (times.length - 3), 60000) : 100;
    times.push(Date.now());
    try { w.sessionStorage.setItem("gvReconnect", JSON.stringify(times)); } catch (e) { /* private mode */ }
    say(delay > 1000 ? "The server keeps dropping the connection \u2014 trying again shortly\u2026"
                     : "Reconnected \u2014 reopening this view\u2026");
    setTimeout(() => w.location.reload(), delay);
  }

  async function answers() {
    try {
      const r = await fetch0(me.health, { cache: "no-store", credentials: "same-origin" });
      return r.ok && (await r.text()).trim() === "ok";
    } catch (e) {
      return false;
    }
  }

  async function recover() {
    let wait = 250;
    while (!me.reloading) {
      if (await answers()) { reload(); return; }
      await new Promise((ok) => setTimeout(ok, wait));
      wait = Math.min(wait * 1.5, 3000);
    }
  }

  function lost() {
    if (me.lost) return;
    me.lost = true;
    say("Lost the connection to the server \u2014 reconnecting; this view comes back by itself.");
    recover();
  }

  const isHealth = (url) => String(url).indexOf("_stcore/health") >= 0;
  const isStream = (url) => String(url).indexOf("_stcore/stream") >= 0;
  // 1. Streamlit pings /_stcore/health only while its websocket is down: the connection is lost.
  w.fetch = function (input, init) {
    if (isHealth(input && input.url ? input.url : input)) lost();
    return fetch0(input, init);
  };
  const open0 = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (isHealth(url)) lost();
    return open0.apply(this, arguments);
  };
  // 2. A new websocket to /_stcore/stream is Streamlit reconnecting, perhaps to a server (or a
  //    replica) without this tab's session: reload the link instead.
  const WS = w.WebSocket;
  class Watched extends WS {
    constructor(url, protocols) {
      super(url, protocols);
      if (isStream(url)) { lost(); reload(); }
    }
  }
  w.WebSocket = Watched;
  // 3. Streamlit's own status ("Connecting" / "Error"), where the toolbar shows it.
  setInterval(() => {
    if (!me.lost && document.querySelector('[data-testid="stConnectionStatus"]')) lost();
  }, 2000);
}
"""

#: the watcher draws nothing: take its (empty) element out of the layout, so no gap is left
_CSS = f""".st-key-{KEY} {{ display: none !important; }}
.gv-reconnect {{ position: fixed; top: 0.75rem; left: 50%; transform: translateX(-50%);
  z-index: 1000010; padding: 0.6rem 1.2rem; border-radius: 0.5rem; background: #fff3cd;
  color: #3d2f00; border: 1px solid #c9a227; font: 600 1.05rem system-ui, sans-serif;
  box-shadow: 0 2px 8px rgba(0,0,0,.25); }}"""


@functools.cache
def _component():
    return st.components.v2.component(NAME, js=JS, css=_CSS, isolate_styles=False)


def watch() -> None:
    """Mount the watcher (invisible; once per run, at the top of the frame)."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    health = ("/" + base if base else "") + "/_stcore/health"
    _component()(key=KEY, data={"health": health}, width="content", height="content")
