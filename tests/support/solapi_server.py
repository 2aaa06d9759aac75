"""A stand-in for SOLAPI's HTTP API on 127.0.0.1, for the KakaoTalk/SMS adapter's tests.

Answers POST /messages/v4/send-many/detail the way SOLAPI documents it. Each test scripts
the answers (`server.script("not_a_friend", "success")`, or "stall" to hold the answer
until `server.release` is set); once the script is used up every
request succeeds. Every request is recorded (path, headers, JSON body).
"""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _accepted(message, n):
    return 200, {
        "groupInfo": {"count": {"total": 1}},
        "failedMessageList": [],
        "messageList": [
            {
                "messageId": f"M4V{n:05d}",
                "to": message["to"],
                "type": message.get("type", "SMS"),
                "statusCode": "2000",
                "statusMessage": "정상 접수(이통사로 접수 예정)",
            }
        ],
    }


def _failed(message, code, text):
    return 200, {
        "groupInfo": {"count": {"total": 1}},
        "failedMessageList": [{"to": message["to"], "statusCode": code, "statusMessage": text}],
        "messageList": [],
    }


ANSWERS = {
    "success": _accepted,
    "template_mismatch": lambda m, n: _failed(m, "3034", "템플릿 내용이 일치하지 않음"),
    "not_a_friend": lambda m, n: _failed(m, "3104", "카카오톡 채널 친구가 아님"),
    "rate_limit": lambda m, n: (429, {"errorCode": "TooManyRequests"}),
    "server_error": lambda m, n: (503, {"errorCode": "ServiceUnavailable"}),
}


@dataclass
class Recorded:
    path: str
    headers: dict
    body: dict


@dataclass
class SolapiServer:
    url: str
    requests: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    # "stall": hold the answer until `release` is set (a worker can be killed meanwhile).
    release: threading.Event = field(default_factory=threading.Event)

    def script(self, *answers: str) -> None:
        self.answers[:] = list(answers)

    @property
    def messages(self) -> list[dict]:
        return [r.body["messages"][0] for r in self.requests]


def start() -> tuple[SolapiServer, ThreadingHTTPServer]:
    lock = threading.Lock()
    state = SolapiServer(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with lock:
                state.requests.append(Recorded(self.path, dict(self.headers), body))
                answer = state.answers.pop(0) if state.answers else "success"
                n = len(state.requests)
            if answer == "stall":
                state.release.wait(timeout=60)
                answer = "success"
            status, payload = ANSWERS[answer](body["messages"][0], n)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return state, httpd
