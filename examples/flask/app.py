"""A Flask app with cookie sessions, tested over HTTP by app.test.ts."""
import os

from flask import Flask, jsonify, request, session

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]


@app.post("/login")
def login():
    body = request.get_json()
    if body.get("email") != "ada@example.com" or body.get("password") != "correct horse":
        return jsonify(error="bad credentials"), 401
    session.clear()
    session["user_id"] = 42
    return "", 204


@app.get("/me")
def me():
    if "user_id" not in session:
        return jsonify(error="not logged in"), 401
    return jsonify(user_id=session["user_id"])


@app.post("/logout")
def logout():
    session.clear()
    return "", 204


if __name__ == "__main__":
    # PORT=0 picks a free port; the "Running on" line names it.
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")))
