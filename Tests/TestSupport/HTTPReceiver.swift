import Foundation

/// A real HTTP server on 127.0.0.1 (Python's http.server, started by the test) that records
/// every POST body and answers with the status codes it is given, in order (then 200).
public final class HTTPReceiver {
    static let script = #"""
        import http.server, json, sys, threading
        statuses = [int(s) for s in sys.argv[2].split(",") if s] if len(sys.argv) > 2 else []
        lock = threading.Lock()
        class Handler(http.server.BaseHTTPRequestHandler):
            disable_nagle_algorithm = True
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with lock:
                    status = statuses.pop(0) if statuses else 200
                    with open(sys.argv[1], "a") as f:
                        f.write(json.dumps({"path": self.path, "status": status, "body": body.decode()}) + "\n")
                self.send_response(status)
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
    public init(statuses: [Int] = []) throws {
        let directory = NSTemporaryDirectory() + "receiver-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        log = directory + "/requests.jsonl"
        server = try PythonServer(script: Self.script, in: directory, arguments: [log, statuses.map(String.init).joined(separator: ",")])
        url = "http://127.0.0.1:\(server.port)/hook"
    }

    deinit {
        try? FileManager.default.removeItem(atPath: (log as NSString).deletingLastPathComponent)
    }

    /// Requests received so far: (answered status, body).
    public var requests: [(status: Int, body: String)] {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return (object["status"] as? Int ?? 0, object["body"] as? String ?? "")
        }
    }
}
