import Foundation
import TestSupport

/// Python writers of Stable-Baselines3's logs, to the letter of its `CSVOutputFormat.write`,
/// `JSONOutputFormat.write` and `Monitor`/`ResultsWriter` (SB3 2.x; SB3 itself needs torch, which
/// does not install here). The progress files get what PPO's `_dump_logs` records: `time/*` and
/// `rollout/*` from the first dump, `train/*` from the second (so progress.csv's header is
/// rewritten in place once, its old rows padded with commas).
enum StableBaselinesWriter {
    static let script = #"""
    import csv, json, os, struct, sys, time

    mode, out, count, pause = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    os.makedirs(out, exist_ok=True)

    class CSVOutputFormat:
        def __init__(self, filename):
            self.file = open(filename, "w+t")
            self.keys = []
            self.separator = ","
            self.quotechar = '"'

        def write(self, key_values):
            extra_keys = key_values.keys() - self.keys
            if extra_keys:
                self.keys.extend(extra_keys)
                self.file.seek(0)
                lines = self.file.readlines()
                self.file.seek(0)
                for i, key in enumerate(self.keys):
                    if i > 0:
                        self.file.write(",")
                    self.file.write(key)
                self.file.write("\n")
                for line in lines[1:]:
                    self.file.write(line[:-1])
                    self.file.write(self.separator * len(extra_keys))
                    self.file.write("\n")
            for i, key in enumerate(self.keys):
                if i > 0:
                    self.file.write(",")
                value = key_values.get(key)
                if isinstance(value, str):
                    value = value.replace(self.quotechar, self.quotechar + self.quotechar)
                    self.file.write(self.quotechar + value + self.quotechar)
                elif value is not None:
                    self.file.write(str(value))
            self.file.write("\n")
            self.file.flush()

    class JSONOutputFormat:
        def __init__(self, filename):
            self.file = open(filename, "w")

        def write(self, key_values):
            self.file.write(json.dumps(key_values) + "\n")
            self.file.flush()

    def dump(iteration):
        steps = 2048 * iteration
        values = {"time/iterations": iteration, "rollout/ep_rew_mean": -50.0 + iteration * 1.25, "rollout/ep_len_mean": 200.0,
                  "time/fps": 1500, "time/time_elapsed": iteration, "time/total_timesteps": steps}
        if iteration > 1:
            values.update({"train/loss": 1.0 / iteration, "train/learning_rate": 0.0003, "train/entropy_loss": -1.38,
                           "train/explained_variance": 0.25, "rollout/exploration_rate": 0.05})
        return values

    def crc32c(data):
        crc = 0xFFFFFFFF
        for byte in data:
            crc ^= byte
            for _ in range(8):
                crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        return crc ^ 0xFFFFFFFF

    def masked(data):
        crc = crc32c(data)
        return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF

    def varint(value):
        out = bytearray()
        while value >= 0x80:
            out.append((value & 0x7F) | 0x80)
            value >>= 7
        out.append(value)
        return bytes(out)

    def field(number, payload):
        return varint(number << 3 | 2) + varint(len(payload)) + payload

    def event(step, tags):
        # Event{wall_time, step, summary{value{tag, simple_value}...}}, as SB3's TensorBoardOutputFormat writes it.
        values = b"".join(field(1, field(1, tag.encode()) + b"\x15" + struct.pack("<f", value)) for tag, value in tags.items())
        data = b"\x09" + struct.pack("<d", 1764000000.0 + step) + b"\x10" + varint(step) + field(5, values)
        length = struct.pack("<Q", len(data))
        return length + struct.pack("<I", masked(length)) + data + struct.pack("<I", masked(data))

    if mode == "events":
        # SB3's tensorboard output beside progress.csv: the same keys but time/*, plus a key only it has.
        with open(os.path.join(out, "events.out.tfevents.1764000000.host.1.0"), "wb") as file:
            for iteration in range(1, count + 1):
                values = {key: value for key, value in dump(iteration).items() if not key.startswith("time/")}
                values["custom/tensorboard_only"] = float(iteration)
                file.write(event(2048 * iteration, values))
        sys.exit(0)

    if mode in ("csv", "json"):
        writer = CSVOutputFormat(os.path.join(out, "progress.csv")) if mode == "csv" else JSONOutputFormat(os.path.join(out, "progress.json"))
        for iteration in range(1, count + 1):
            writer.write(dump(iteration))
            time.sleep(pause)
    else:
        # Monitor: one file per environment, as make_vec_env(n_envs=2, monitor_dir=out) writes them.
        handlers = []
        for env in range(2):
            handler = open(os.path.join(out, f"{env}.monitor.csv"), "wt", newline="\n")
            handler.write("#" + json.dumps({"t_start": 1764000000.0 + env * 0.5, "env_id": "stocks-v0"}) + "\n")
            logger = csv.DictWriter(handler, fieldnames=("r", "l", "t", "total_profit"))
            logger.writeheader()
            handler.flush()
            handlers.append((handler, logger))
        for episode in range(count):
            for env, (handler, logger) in enumerate(handlers):
                logger.writerow({"r": round(episode * 0.5 + env, 6), "l": 250, "t": round(episode * 10.0 + env * 0.25, 6),
                                 "total_profit": 1.0 + episode / 100})
                handler.flush()
            time.sleep(pause)
    """#

    /// Writes `count` dumps (or monitor episodes per environment) into `directory`, pausing
    /// `pause` seconds after each; `hashSeed` sets the order of columns progress.csv adds.
    static func write(_ mode: String, count: Int, into directory: String, pause: Double = 0, hashSeed: Int = 0) throws {
        let file = NSTemporaryDirectory() + "sb3-\(UUID().uuidString).py"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try BinaryRunner.run(executable: "/usr/bin/env", ["PYTHONHASHSEED=\(hashSeed)", "python3", file, mode, directory, "\(count)", "\(pause)"])
        guard result.status == 0 else { throw PythonScript.Failure(description: result.standardError) }
    }

    /// Starts the writer in the background (for following a run as it is written).
    static func start(_ mode: String, count: Int, into directory: String, pause: Double) throws -> Process {
        let file = NSTemporaryDirectory() + "sb3-\(UUID().uuidString).py"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", file, mode, directory, "\(count)", "\(pause)"]
        try process.run()
        return process
    }
}
