"""A small Flask app for session-testkit's tests: the real peer of formats.flask().

Configured by the environment (FLASK_TEST_CONFIG, JSON):
  secret_key: a string, or itsdangerous' key list [oldest, ..., newest] (rotation before Flask 3.1)
  lifetime: PERMANENT_SESSION_LIFETIME in seconds (default Flask's 31 days)
  cookie_name: SESSION_COOKIE_NAME
Listens on 127.0.0.1 on a free port, prints the port on stdout, and exits when stdin closes.
"""
import datetime
import json
import logging
import os
import sys
import threading
import uuid

from flask import Flask, jsonify, request, session
from markupsafe import Markup
from werkzeug.serving import make_server

config = json.loads(os.environ.get("FLASK_TEST_CONFIG", "{}"))
app = Flask(__name__)
app.config["SECRET_KEY"] = config.get("secret_key", "dev")
if "lifetime" in config:
    app.config["PERMANENT_SESSION_LIFETIME"] = datetime.timedelta(seconds=config["lifetime"])
if "cookie_name" in config:
    app.config["SESSION_COOKIE_NAME"] = config["cookie_name"]


def describe(value):
    """Python type and value of a session entry, so tests see what Flask decoded."""
    if isinstance(value, dict):
        return {"type": "dict", "items": {k: describe(v) for k, v in value.items()}}
    if isinstance(value, (list, tuple)):
        return {"type": type(value).__name__, "items": [describe(v) for v in value]}
    if isinstance(value, bytes):
        return {"type": "bytes", "hex": value.hex()}
    if isinstance(value, Markup):
        return {"type": "Markup", "value": str(value)}
    if isinstance(value, (uuid.UUID, datetime.datetime)):
        return {"type": type(value).__name__, "value": str(value)}
    return {"type": type(value).__name__, "value": value}


@app.get("/")
def index():
    return "ok"


@app.get("/whoami")
def whoami():
    return jsonify(user_id=session.get("user_id"))


@app.get("/describe")
def describe_session():
    return jsonify({k: describe(v) for k, v in session.items()})


@app.post("/login")
def login():
    body = request.get_json()
    session["user_id"] = body["user_id"]
    session.permanent = bool(body.get("permanent", False))
    return jsonify(user_id=session["user_id"])


@app.post("/set")
def set_values():
    session.update(request.get_json())
    return jsonify(keys=sorted(session.keys()))


@app.post("/touch")
def touch():
    """Modifies the session so Flask re-signs it with its current key."""
    session["touched"] = session.get("touched", 0) + 1
    return jsonify(user_id=session.get("user_id"))


@app.post("/set-typed")
def set_typed():
    session["tuple"] = ("a", 1)
    session["bytes"] = b"\x00\xffbin"
    session["uuid"] = uuid.UUID("12345678-1234-5678-1234-567812345678")
    session["when"] = datetime.datetime(2024, 2, 29, 12, 34, 56, tzinfo=datetime.timezone.utc)
    session["markup"] = Markup("<b>hi</b>")
    session["tagged_key"] = {" t": [1, 2]}
    session["text"] = 'a; b, "c" \\ é 日本 😀'
    session["number"] = 1.5
    session["_flashes"] = [("message", "Welcome")]
    return jsonify(ok=True)


@app.post("/logout")
def logout():
    session.clear()
    return jsonify(ok=True)


def main():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(server.server_port, flush=True)

    def exit_when_parent_goes():
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=exit_when_parent_goes, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
