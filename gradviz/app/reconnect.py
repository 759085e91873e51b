"""A tab outlives its server: when the connection drops, reload the same link once a server answers.

What Streamlit's client does by itself (1.6x, frontend ``WebsocketConnection``): when the
websocket closes it pings ``/_stcore/health`` with a growing delay, then opens a new websocket
and asks for its old session. A server that restarted, or another replica behind a load
balancer, does not have that session: it makes a new one and runs nothing. The tab still
shows the old page, but the new session has none of its fragments, and a slider in a
fragment (every point slider here) asks to rerun a fragment id the server does not know:
the server drops the request silently (``AppSession.request_rerun``: "The fragment … does
not exist anymore", logged at INFO only). The slider moves on screen and nothing answers.

So the tab reloads itself. The script below (ours, inline, no CDN; it never writes HTML,
only ``textContent``) notices a lost connection the way Streamlit's client shows it:

1. Streamlit pings ``/_stcore/health`` only while its websocket is down (the ping goes
   through ``fetch`` or ``XMLHttpRequest``, which the script wraps): a short notice appears,
   the script polls ``/_stcore/health`` itself (at once, then up to every 3 s) and reloads the
   page's current address as soon as a server answers;
2. a new websocket to ``/_stcore/stream`` (the script wraps the ``WebSocket`` constructor)
   is Streamlit reconnecting, perhaps to a server without this tab's session: reload too;
3. Streamlit's own "Connecting"/"Error" status, where the toolbar shows it.

After three reloads within a minute it waits longer between them (5 s, doubling, at most
60 s), so a tab never hammers a server that answers its health check but drops websockets.

The whole view lives in the link (page, function, point, domain, lecture mode), so the
reloaded tab is the same view, served by whichever replica the load balancer picks. A
reconnect to the same, still running server reloads as well: it costs one page load and
keeps the view. ``tests/e2e/test_deploy.py`` kills a replica behind nginx and checks this.
"""

from __future__ import annotations

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
      const n = document.createElement("div");
      n.setAttribute("role", "status");
      n.setAttribute("aria-live", "polite");
      n.setAttribute("data-testid", "gvReconnectNotice");
      const s = n.style;
      s.position = "fixed"; s.top = "0.75rem"; s.left = "50%"; s.transform = "translateX(-50%)";
      s.zIndex = "1000010"; s.padding = "0.6rem 1.2rem"; s.borderRadius = "0.5rem";
      s.background = "#fff3cd"; s.color = "#3d2f00"; s.border = "1px solid #c9a227";
      s.font = "600 1.05rem system-ui, sans-serif"; s.boxShadow = "0 2px 8px rgba(0,0,0,.25)";
      document.body.appendChild(n);
      me.notice = n;
    }
    me.notice.textContent = text;
  }

  // Reloads of this tab in the last minute (sessionStorage: this tab only). A server that
  // answers its health check but never keeps a websocket (a misconfigured proxy) would make
  // the tab reload over and over: after 3 reloads in a minute, wait 5, 10, 20 … 60 s.
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

_component = None


def watch() -> None:
    """Mount the watcher (invisible; once per run, at the top of the frame)."""
    global _component
    if _component is None:
        _component = st.components.v2.component(NAME, js=JS, css=_CSS, isolate_styles=False)
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    health = ("/" + base if base else "") + "/_stcore/health"
    _component(key=KEY, data={"health": health}, width="content", height="content")


#: the watcher draws nothing: take its (empty) element out of the layout, so no gap is left
_CSS = f".st-key-{KEY} {{ display: none !important; }}"
