import Testing
@testable import NexlifyTUI

/// The exposition as Prometheus and OpenMetrics parsers read it, and the request heads the
/// metrics server answers.
@Suite struct PrometheusTextTests {
    @Test func gaugesAreRenderedWithEscapedLabelsAndSpelledSpecialValues() {
        var family = PrometheusText.Family(name: "nexlify_profit", help: "Latest profit \\ per run.\nSecond line.")
        family.add(12.5, labels: [("run", #"dqn "a"\b"#), ("host", "gpu\n1")])
        family.add(.nan, labels: [("run", "nan")])
        family.add(.infinity, labels: [("run", "up")])
        family.add(-.infinity, labels: [("run", "down")])
        family.add(3, labels: [])
        let empty = PrometheusText.Family(name: "nexlify_unused", help: "No samples.")
        let text = PrometheusText.render([family, empty], format: .prometheus)
        #expect(text == """
            # HELP nexlify_profit Latest profit \\\\ per run.\\nSecond line.
            # TYPE nexlify_profit gauge
            nexlify_profit{run="dqn \\"a\\"\\\\b",host="gpu\\n1"} 12.5
            nexlify_profit{run="nan"} NaN
            nexlify_profit{run="up"} +Inf
            nexlify_profit{run="down"} -Inf
            nexlify_profit 3

            """)
        #expect(PrometheusText.render([family], format: .openMetrics) == text + "# EOF\n")
        #expect(PrometheusText.render([], format: .openMetrics) == "# EOF\n")
    }

    @Test func openMetricsIsServedOnlyWhenAsked() {
        #expect(PrometheusText.Format.negotiated(accept: nil) == .prometheus)
        #expect(PrometheusText.Format.negotiated(accept: "text/plain;version=0.0.4;q=0.5,*/*;q=0.1") == .prometheus)
        #expect(PrometheusText.Format.negotiated(accept: "application/openmetrics-text;version=1.0.0,text/plain;q=0.5") == .openMetrics)
    }

    @Test func requestHeadsAreParsedOrRefused() {
        let head = HTTPRequestHead(Array("GET /metrics?x=1 HTTP/1.1\r\nHost: a\r\nAccept: application/openmetrics-text\r\n\r\n".utf8))
        #expect(head?.method == "GET" && head?.path == "/metrics" && head?.headers["accept"] == "application/openmetrics-text")
        #expect(HTTPRequestHead(Array("GET metrics HTTP/1.1\r\n\r\n".utf8)) == nil)
        #expect(HTTPRequestHead(Array("GET /metrics\r\n\r\n".utf8)) == nil)
        #expect(HTTPRequestHead([0xFF, 0xFE, 0x0D, 0x0A]) == nil)
        #expect(HTTPRequestHead(Array("GET / HTTP/1.0\r\nbroken header\r\n\r\n".utf8)) == nil)
    }
}
