import Foundation
import Testing
@testable import MetricsKit

/// Another process writes a run while a `RunSource` follows it: records split mid-line across
/// writes, rotation, delete and re-create, truncate-and-rewrite, and a CSV whose header is
/// rewritten with a new column. Every record must arrive exactly once, with its values.
@Suite struct LiveFollowingTests {
    static let writerScript = #"""
        import json, os, random, sys, time
        run, total = sys.argv[1], int(sys.argv[2])
        rng = random.Random(1234)
        jsonl = os.path.join(run, "episodes.jsonl")
        csv_path = os.path.join(run, "metrics.csv")
        lines = []
        def record(i):
            return json.dumps({"episode": i, "profit": i * 0.5, "loss": float("nan") if i % 97 == 0 else 1.0 / (i + 1)}) + "\n"
        def dribble(f, text):
            # Write in random pieces so records are split across writes.
            pos = 0
            while pos < len(text):
                step = rng.randint(1, 40)
                f.write(text[pos:pos + step]); f.flush()
                pos += step
                if rng.random() < 0.05: time.sleep(0.001)
        f = open(jsonl, "a")
        csv_columns = ["episode", "profit"]
        def write_csv(rows_upto):
            with open(csv_path, "w") as c:   # rewritten in place, as pandas' to_csv does
                c.write(",".join(csv_columns) + "\n")
                for i in range(rows_upto):
                    c.write(",".join(str(v) for v in [i, i * 0.5] + ([i % 7] if "sharpe" in csv_columns else [])) + "\n")
        for i in range(total):
            if i == total // 4:          # rotation: rename, continue in a new file
                f.close(); os.rename(jsonl, jsonl + ".1"); f = open(jsonl, "a")
            if i == total // 2:          # delete and re-create
                f.close(); os.remove(jsonl); f = open(jsonl, "a")
            if i == 3 * total // 4:      # truncate and rewrite everything so far
                f.close(); f = open(jsonl, "w"); f.write("".join(lines[total // 2:])); f.flush()
            text = record(i)
            lines.append(text)
            dribble(f, text)
            if i % 50 == 49:
                if i > total // 2 and "sharpe" not in csv_columns:
                    csv_columns.append("sharpe")
                write_csv(i + 1)
        f.close()
        write_csv(total)
        """#

    @Test(.timeLimit(.minutes(2)))
    func everyRecordArrivesExactlyOnce() throws {
        let directory = TemporaryDirectory("live")
        let total = 4000
        directory.write("writer.py", Self.writerScript)
        let run = directory.file("run")
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        let jsonSource = try RunSource(path: run + "/episodes.jsonl", chunkBytes: 4096, recentCapacity: 10_000)
        let csvSource = try RunSource(path: run + "/metrics.csv", chunkBytes: 4096, recentCapacity: 10_000)

        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        writer.arguments = ["python3", directory.file("writer.py"), run, "\(total)"]
        try writer.run()
        var events: [TailEvent] = []
        while writer.isRunning {
            events += jsonSource.poll(maxRecords: 500).events.map(\.event)
            _ = csvSource.poll(maxRecords: 500)
            usleep(2000)
        }
        #expect(writer.terminationStatus == 0)
        while jsonSource.poll().moreRemaining {}
        while csvSource.poll().moreRemaining {}

        let store = jsonSource.store
        #expect(store.episodeCount == total)
        #expect(jsonSource.skipped.count == 0, "\(jsonSource.skipped)")
        let profit = store.episodeSeries(named: "profit")!
        let profitsMatch = profit.recentX == Array(0..<total) && profit.recentY == (0..<total).map { Double($0) * 0.5 }
        #expect(profitsMatch)
        let loss = store.episodeSeries(named: "loss")!
        #expect(loss.statistics.nonFiniteCount == (0..<total).filter { $0 % 97 == 0 }.count)
        #expect(events.contains(.replaced(continued: false)))

        let csvStore = csvSource.store
        #expect(csvStore.episodeCount == total)
        #expect(csvSource.skipped.count == 0, "\(csvSource.skipped)")
        let csvProfitsMatch = csvStore.episodeSeries(named: "profit")!.recentY == (0..<total).map { Double($0) * 0.5 }
        #expect(csvProfitsMatch)
        #expect(csvStore.episodeSeries(named: "sharpe") != nil)
    }
}
