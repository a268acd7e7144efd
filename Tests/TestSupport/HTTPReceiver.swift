import Foundation

/// A real HTTP server on 127.0.0.1 (Python's http.server, started by the test) that records
/// every POST body and answers as it is told, in order (then 200): a status (`503`), a status
/// with a `Retry-After` header (`429:2`), or `hang` (take the request, never answer).
public final class HTTPReceiver {
    static let script = #"""
        import http.server, json, sys, threading, time
        answers = [s for s in sys.argv[2].split(",") if s] if len(sys.argv) > 2 else []
        lock = threading.Lock()
        class Handler(http.server.BaseHTTPRequestHandler):
            disable_nagle_algorithm = True
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with lock:
                    answer = answers.pop(0) if answers else "200"
                    status = 0 if answer == "hang" else int(answer.split(":")[0])
                    with open(sys.argv[1], "a") as f:
                        f.write(json.dumps({"path": self.path, "status": status, "body": body.decode(), "time": time.time()}) + "\n")
                if answer == "hang":
                    time.sleep(3600)
                    return
                self.send_response(status)
                if ":" in answer:
                    self.send_header("Retry-After", answer.split(":")[1])
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    public let url: String
    private let server: PythonServer
    private let log: String

    /// Starts the receiver; `statuses` are the answers to the first requests.
    public convenience init(statuses: [Int] = []) throws {
        try self.init(answers: statuses.map(String.init))
    }

    /// Starts the receiver; `answers` (`"503"`, `"429:2"`, `"hang"`) answer the first requests.
    public init(answers: [String]) throws {
        let directory = NSTemporaryDirectory() + "receiver-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        log = directory + "/requests.jsonl"
        server = try PythonServer(script: Self.script, in: directory, arguments: [log, answers.joined(separator: ",")])
        url = "http://127.0.0.1:\(server.port)/hook"
    }

    deinit {
        try? FileManager.default.removeItem(atPath: (log as NSString).deletingLastPathComponent)
    }

    /// Requests received so far: (answered status, 0 for `hang`; body; when, in seconds since 1970).
    public var requests: [(status: Int, body: String, time: Double)] {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return (object["status"] as? Int ?? 0, object["body"] as? String ?? "", object["time"] as? Double ?? 0)
        }
    }

    /// Polls until `count` requests arrived or `timeout` passed; returns whether they did.
    public func waitForRequests(_ count: Int, timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while requests.count < count {
            if Date() > deadline { return false }
            usleep(20_000)
        }
        return true
    }
}
