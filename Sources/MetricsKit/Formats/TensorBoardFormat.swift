import Foundation

/// TensorBoard event files, `events.out.tfevents.*`, as `torch.utils.tensorboard.SummaryWriter`,
/// TensorFlow's `tf.summary` and Stable-Baselines3's `tensorboard_log` write them: TFRecord-framed
/// `Event` protocol buffers (`TFRecordFileSource`, `TensorBoardEventDecoder`). A directory's
/// event files are read in name order (their names begin with the time they were created), each
/// followed as it grows; x is the step.
///
/// ```swift
/// TensorBoardFormat().files(inDirectory: "runs/PPO_1")?.map(\.name)   // ["events.out.tfevents.1764…0"]
/// ```
public struct TensorBoardFormat: LogFormat {
    public let name = "TensorBoard events"
    /// Event files have no fixed name: `isEventFile` recognises them.
    public let fileNames: [String] = []
    /// The tags of PyTorch's `SummaryWriter` examples (SB3's own tags come with its format).
    public let roleNames: [MetricRole: [String]] = [
        .loss: ["Loss/train", "train/epoch_loss"],
        .learningRate: ["train/epoch_learning_rate"],
    ]
    /// Keras's `TensorBoard` callback writes a run's event files into `train/` and
    /// `validation/`; their tags are read as `train/epoch_loss`, `validation/epoch_loss`.
    public let subfolders = ["train", "validation"]
    static let prefix = "events.out.tfevents."

    public init() {}

    /// Whether a file name is a TensorBoard event file's.
    public static func isEventFile(_ name: String) -> Bool {
        name.hasPrefix(prefix) && name.count > prefix.count
    }

    public func isRunFile(named name: String) -> Bool { Self.isEventFile(name) }

    public func files(inDirectory directory: String) -> [RunLayout.File]? {
        var files = eventFiles(in: directory, prefix: "")
        for folder in subfolders { files += eventFiles(in: path(folder, in: directory), prefix: folder + "/") }
        return files.isEmpty ? nil : files
    }

    /// The event files of one directory, in name order (the order TensorBoard writes them).
    private func eventFiles(in directory: String, prefix: String) -> [RunLayout.File] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter(Self.isEventFile).sorted().map { RunLayout.File(path: path($0, in: directory), format: self, content: .episodes, metricPrefix: prefix) }
    }

    public func file(at path: String) -> RunLayout.File? {
        Self.isEventFile((path as NSString).lastPathComponent) ? RunLayout.File(path: path, format: self, content: .episodes) : nil
    }

    public func xAxis(of file: RunLayout.File) -> XAxis { .step }

    public func makeSource(for file: RunLayout.File, maxLineBytes: Int) -> RecordSource {
        TFRecordFileSource(file)
    }
}
