/*
 * Changes the page makes to what the visitor says of themselves (PATCH
 * /api/visitor/me: attributes, name, email, locale, skill group), sent in
 * order once the visitor has a token. The attributes set in this page follow
 * the visitor through identify() (sent again to the new visitor) and are
 * forgotten by reset(). The network is injected, so this runs under node.
 */

const MAX_RETRY_MS = 60000;

export class ProfileUpdates {
  /**
   * hooks: token() -> the current visitor token or null; send(body, token) -> Promise of
   * {status, data} (rejects when the server was not reached); refresh() asks for a new token
   * (its arrival calls authenticated()); refused(body, error) hears of a 4xx.
   */
  constructor(hooks, retryMs = 3000) {
    this.hooks = hooks;
    this.retryMs = retryMs;
    this.delay = retryMs;
    this.bodies = [];
    this.attributes = {}; // every attribute set since the last reset, as the server should hold them
    this.visitor = null; // who the attributes were last sent to
    this.busy = false;
    this.timer = null;
  }

  /** Queue one PATCH body and send what can be sent. */
  push(body) {
    if (body.attributes) {
      Object.keys(body.attributes).forEach((key) => {
        if (body.attributes[key] === null) delete this.attributes[key];
        else this.attributes[key] = body.attributes[key];
      });
    }
    this.bodies.push(body);
    return this.flush();
  }

  /** A token for `visitorId` arrived: a visitor other than the last one gets the attributes again. */
  authenticated(visitorId) {
    if (this.visitor && this.visitor !== visitorId && Object.keys(this.attributes).length) {
      this.bodies.push({ attributes: Object.assign({}, this.attributes) });
    }
    this.visitor = visitorId;
    return this.flush();
  }

  /** reset(): nothing set so far belongs to the next visitor. */
  forget() {
    this.bodies = [];
    this.attributes = {};
    this.visitor = null;
    clearTimeout(this.timer);
    this.timer = null;
    this.delay = this.retryMs;
  }

  async flush() {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.bodies.length) {
        const token = this.hooks.token();
        if (!token) return; // authenticated() comes back
        const body = this.bodies[0];
        let result = null;
        try {
          result = await this.hooks.send(body, token);
        } catch (err) {
          result = null;
        }
        if (this.bodies[0] !== body) continue; // forgotten meanwhile (reset)
        if (!result) {
          this.retryLater();
          return;
        }
        this.delay = this.retryMs;
        if (result.status === 401) {
          this.hooks.refresh(); // expired or another visitor's: a new token, then authenticated()
          return;
        }
        if (result.status >= 500 || result.status === 429) {
          this.retryLater();
          return;
        }
        this.bodies.shift();
        if (result.status >= 400) {
          const error = result.data && result.data.error;
          this.hooks.refused(body, error || { code: "http_" + result.status, message: "Refused by the server." });
        }
      }
    } finally {
      this.busy = false;
    }
  }

  retryLater() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.delay);
    this.delay = Math.min(this.delay * 2, MAX_RETRY_MS);
  }
}
