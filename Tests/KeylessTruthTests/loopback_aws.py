#!/usr/bin/env python3
"""Loopback endpoints for one run of configure-aws-credentials (KeylessTruthTests).

Serves, on 127.0.0.1 and an ephemeral port, only what a scenario hands it:
  GET  /token...  the GitHub OIDC token endpoint: {"value": "<JWT>"} (the JWT is given, unsigned)
  POST /          AWS STS (Query protocol): the scenario's canned answer for the request's Action,
                  a documented STS response body with its HTTP status; an Action the scenario
                  does not answer gets STS's documented InvalidAction error.
No AWS logic lives here: nothing is evaluated, every answer is the scenario's data.
Each request is appended to the log file as one JSON line (method, path, form parameters).

usage: loopback_aws.py CONFIG.json LOG.jsonl
CONFIG: {"jwt": "...", "sts": {"AssumeRoleWithWebIdentity": {"status": 200, "body": "<...>"}, ...},
         "lifetime": 60}
Prints "PORT <n>" on stdout once listening; exits after `lifetime` seconds at the latest.
"""
import json
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CONFIG = json.load(open(sys.argv[1], encoding="utf-8"))
LOG = sys.argv[2]
LOCK = threading.Lock()

INVALID_ACTION = (
    '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
    "<Error><Type>Sender</Type><Code>InvalidAction</Code>"
    "<Message>The action or operation requested is invalid. Verify that the action is typed correctly.</Message>"
    "</Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>"
)


def record(entry):
    with LOCK, open(LOG, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry, sort_keys=True) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep stderr for real problems
        pass

    def send(self, status, body, content_type):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        record({"method": "GET", "path": self.path, "authorization": self.headers.get("Authorization", "")})
        if self.path.startswith("/token"):
            self.send(200, json.dumps({"value": CONFIG["jwt"]}), "application/json")
        else:
            self.send(404, "", "text/plain")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True)
        params = {k: v[0] for k, v in form.items()}
        record({"method": "POST", "path": self.path, "params": params})
        answer = CONFIG.get("sts", {}).get(params.get("Action", ""))
        if answer is None:
            self.send(400, INVALID_ACTION, "text/xml")
        else:
            self.send(answer["status"], answer["body"], "text/xml")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    timer = threading.Timer(float(CONFIG.get("lifetime", 60)), server.shutdown)
    timer.daemon = True
    timer.start()
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
