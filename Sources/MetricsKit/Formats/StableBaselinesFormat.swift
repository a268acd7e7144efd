import Foundation

/// Stable-Baselines3's logs: `progress.csv` (`CSVOutputFormat`: `group/name` columns such as
/// `rollout/ep_rew_mean`, a header rewritten in place when a key first appears, old rows padded
/// with commas), `progress.json` (`JSONOutputFormat`: one JSON object a line, sparse keys) and
/// the `Monitor` wrapper's `monitor.csv` / `N.monitor.csv` (one row per episode,
/// `MonitorFilesSource`).
///
/// One x per run: the progress files are keyed by `time/total_timesteps` (the step SB3 gives its
/// TensorBoard events too). A directory holding several of these is one run: `progress.csv`
/// (every key SB3 logs; its TensorBoard output leaves out `time/*`), else `progress.json` (the
/// same records), together with the TensorBoard events beside them, which add the tags the
/// progress file lacks at the same steps, and the monitor files, whose episodes join at the
/// timestep they ended (the store never takes a value twice); without a progress file, the
/// events beside monitor files; else the monitor files alone (x = episode).
///
/// ```swift
/// StableBaselinesFormat().files(inDirectory: "logs/ppo")?.map(\.name)   // ["progress.csv"]
/// ```
public struct StableBaselinesFormat: LogFormat {
    public let name = "Stable-Baselines3"
    public let fileNames = ["progress.csv", "progress.json", "monitor.csv"]
    /// SB3's logger keys, and the monitor's episode reward `r` (with a trading env's
    /// `total_profit` info keyword first).
    public let roleNames: [MetricRole: [String]] = [
        .profit: ["total_profit", "rollout/ep_rew_mean", "r", "eval/mean_reward"],
        .loss: ["train/loss", "train/value_loss"],
        .epsilon: ["rollout/exploration_rate"],
        .learningRate: ["train/learning_rate"],
        .entropy: ["train/entropy_loss"],
        .gradientNorm: ["train/grad_norm"],
    ]
    /// The step every progress record carries.
    public static let stepMetric = "time/total_timesteps"
    /// The step, and the monitor's episode length and time (episode ends in timesteps).
    public var axisMetrics: Set<String> { [Self.stepMetric, MonitorFilesSource.lengthMetric, MonitorFilesSource.timeMetric] }
    /// Whether a monitor file stands for all the monitor files of its directory (a run
    /// directory), rather than for itself (a file given on its own).
    private let monitorsTogether: Bool
    /// Whether the monitor files are read on the steps' axis (beside a progress file).
    private let monitorsOnSteps: Bool

    public init() {
        monitorsTogether = false
        monitorsOnSteps = false
    }

    private init(monitorsTogether: Bool, monitorsOnSteps: Bool) {
        self.monitorsTogether = monitorsTogether
        self.monitorsOnSteps = monitorsOnSteps
    }

    public func isRunFile(named name: String) -> Bool { MonitorFilesSource.isMonitorFile(name) }

    public func files(inDirectory directory: String) -> [RunLayout.File]? {
        let monitors = MonitorFilesSource.monitorFiles(in: directory)
        for progress in ["progress.csv", "progress.json"] where exists(progress, in: directory) {
            // Event files beside it share its steps: they add the tags it lacks (never a value
            // twice); monitor files join on the steps' axis (episode ends in timesteps).
            let events = TensorBoardFormat().files(inDirectory: directory) ?? []
            let onSteps = monitors.first.map { [RunLayout.File(path: path($0, in: directory), format: Self(monitorsTogether: true, monitorsOnSteps: true),
                                                               content: .episodes)] } ?? []
            return [RunLayout.File(path: path(progress, in: directory), format: self, content: .episodes)] + events + onSteps
        }
        guard let first = monitors.first else { return nil }
        if let events = TensorBoardFormat().files(inDirectory: directory) { return events }
        return [RunLayout.File(path: path(first, in: directory), format: Self(monitorsTogether: true, monitorsOnSteps: false), content: .episodes)]
    }

    public func file(at path: String) -> RunLayout.File? {
        let name = (path as NSString).lastPathComponent
        guard fileNames.contains(name) || MonitorFilesSource.isMonitorFile(name) else { return nil }
        return RunLayout.File(path: path, format: self, content: .episodes)
    }

    /// The progress files count steps; the monitor files, episodes.
    public func xAxis(of file: RunLayout.File) -> XAxis { file.name.hasPrefix("progress.") ? .step : .episode }

    public func makeSource(for file: RunLayout.File, maxLineBytes: Int) -> RecordSource {
        switch file.name {
        case "progress.csv":
            return LineFileSource(file, decoder: StepKeyedDecoder(CSVRecordDecoder(), step: Self.stepMetric), maxLineBytes: maxLineBytes)
        case "progress.json":
            return LineFileSource(file, decoder: StepKeyedDecoder(JSONLinesDecoder(requiresEpisode: false), step: Self.stepMetric),
                                  maxLineBytes: maxLineBytes)
        default:
            return MonitorFilesSource(file, wholeDirectory: monitorsTogether, onSteps: monitorsOnSteps, maxLineBytes: maxLineBytes)
        }
    }
}
