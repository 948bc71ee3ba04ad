import Foundation
import TensorCore

/// How a sweep is handed to Slurm: one job array whose tasks each run one shard of the sweep,
/// and a collect job that builds the group once the array has ended.
public struct SlurmSettings: Codable, Sendable, Equatable {
    /// The partition both jobs are submitted to; nil for the cluster's default.
    public var partition: String?
    /// The time limit of each task (and of the collect job) in one of Slurm's forms: `minutes`,
    /// `minutes:seconds`, `hours:minutes:seconds`, `days-hours`, `days-hours:minutes`,
    /// `days-hours:minutes:seconds`; nil for the partition's default.
    public var timeLimit: String?
    /// At most this many tasks run at once (`--array=…%M`); nil for no limit of the array's own.
    public var maxParallel: Int?
    /// Runs of the sweep per array task: a shard of `runsPerTask` runs per task.
    public var runsPerTask: Int
    /// Further `sbatch` options written as `#SBATCH` lines of both scripts, such as
    /// `--account=lab` or `--mem=4G`.
    public var extraOptions: [String]
    /// Lets Slurm requeue a task that was preempted or whose node failed; the task then resumes
    /// its shard (its completed runs are skipped, the interrupted one is redone).
    public var requeue: Bool

    public init(partition: String? = nil, timeLimit: String? = nil, maxParallel: Int? = nil, runsPerTask: Int = 1,
                extraOptions: [String] = [], requeue: Bool = false) {
        self.partition = partition
        self.timeLimit = timeLimit
        self.maxParallel = maxParallel
        self.runsPerTask = runsPerTask
        self.extraOptions = extraOptions
        self.requeue = requeue
    }

    /// Checks every setting, naming the first bad one.
    /// - Throws: `SettingError` naming the property, such as `SlurmSettings.timeLimit`.
    public func validate() throws {
        if let partition, partition.isEmpty || partition.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "'" }) {
            throw SettingError(setting: "SlurmSettings.partition", value: partition, reason: "give a partition name, such as gpu")
        }
        if let timeLimit, !Self.isTimeLimit(timeLimit) {
            throw SettingError(setting: "SlurmSettings.timeLimit", value: timeLimit, reason:
                "write minutes, minutes:seconds, hours:minutes:seconds, days-hours, days-hours:minutes or "
                + "days-hours:minutes:seconds, such as 90 or 1:30:00")
        }
        if let maxParallel, maxParallel < 1 {
            throw SettingError(setting: "SlurmSettings.maxParallel", value: "\(maxParallel)", reason: "run at least 1 task at a time")
        }
        guard runsPerTask >= 1 else {
            throw SettingError(setting: "SlurmSettings.runsPerTask", value: "\(runsPerTask)", reason: "give each task at least 1 run")
        }
        for option in extraOptions {
            guard option.hasPrefix("-"), !option.contains(where: \.isNewline) else {
                throw SettingError(setting: "SlurmSettings.extraOptions", value: option,
                                                reason: "give one sbatch option per entry, such as --mem=4G")
            }
        }
    }

    /// Whether `text` is one of Slurm's time-limit forms.
    static func isTimeLimit(_ text: String) -> Bool {
        if ["infinite", "unlimited"].contains(text.lowercased()) { return true }
        var rest = Substring(text)
        if let dash = rest.firstIndex(of: "-") {
            guard Self.isNumber(rest[..<dash]) else { return false }
            rest = rest[rest.index(after: dash)...]
        }
        // With or without days, one to three numbers: m, m:s, h:m:s or d-h, d-h:m, d-h:m:s.
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        return (1...3).contains(parts.count) && parts.allSatisfy(Self.isNumber)
    }

    private static func isNumber(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 9 && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber)
    }
}

/// A Slurm submission that cannot go ahead, with what to do.
public enum SlurmError: Error, Equatable, CustomStringConvertible {
    /// The array needs task ids the cluster does not allow (`MaxArraySize`).
    case arrayTooLarge(highestTaskID: Int, maxArraySize: Int, runs: Int, runsPerTask: Int)
    /// A Slurm command is not installed here.
    case commandMissing(String)
    /// A Slurm command failed.
    case commandFailed(command: String, status: Int32, output: String)
    /// A path Slurm's `#SBATCH` lines cannot carry.
    case unsupportedPath(String)
    /// Waiting for the jobs was interrupted; they go on.
    case waitInterrupted(squeue: String)

    public var description: String {
        switch self {
        case let .arrayTooLarge(highest, maxArraySize, runs, runsPerTask):
            let needed = (runs + maxArraySize - 2) / (maxArraySize - 1)
            return "the job array needs task ids up to \(highest), but this cluster's MaxArraySize is \(maxArraySize) "
                + "(ids up to \(maxArraySize - 1)); put more runs in each task: with `SlurmSettings.runsPerTask` "
                + "\(max(needed, runsPerTask + 1)) the \(runs) runs fit"
        case let .commandMissing(name):
            return "`\(name)` is not on the PATH: submit from a machine of the Slurm cluster (a login node), or only "
                + "write the scripts (dry run) and submit them there"
        case let .commandFailed(command, status, output):
            let text = output.trimmingCharacters(in: .whitespacesAndNewlines)
            return "`\(command)` failed with status \(status)" + (text.isEmpty ? "" : ": \(text)")
        case let .waitInterrupted(squeue):
            return "stopped waiting (interrupted); the jobs go on without this process: watch them with \(squeue)"
        case let .unsupportedPath(path):
            return "the path '\(path)' has a space, quote or newline, which Slurm's #SBATCH lines cannot hold; "
                + "use folders without them"
        }
    }
}
