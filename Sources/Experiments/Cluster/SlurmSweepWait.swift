import Foundation
import Training

/// Waits for a submitted sweep's collect job to end and reports how every array task ended.
public struct SlurmSweepWait: Sendable {
    public let jobs: SlurmSweepJobs
    public var commands: SlurmCommands
    /// Seconds between polls of the controller.
    public var pollInterval: Double

    public init(jobs: SlurmSweepJobs, commands: SlurmCommands = SlurmCommands(), pollInterval: Double = 2) {
        self.jobs = jobs
        self.commands = commands
        self.pollInterval = pollInterval
    }

    /// Polls `scontrol` until the collect job is no longer pending or running; `onChange` gets
    /// a line such as `tasks: 2 running, 4 completed; collect: pending` whenever it changes.
    ///
    /// - Throws: `SlurmError.waitInterrupted` after Ctrl-C or SIGTERM (caught by
    ///   `InterruptHandler`): the jobs go on without the waiting process.
    public func wait(onChange: (String) -> Void = { _ in }) throws -> SlurmSweepOutcome {
        var last = ""
        while true {
            if InterruptHandler.pendingSignal != nil { throw SlurmError.waitInterrupted(squeue: jobs.squeueCommand) }
            let collect = try commands.jobRecords(jobs.collectJobID)?.first
            let tasks = try arrayTasks()
            let line = Self.progressLine(tasks: tasks, collect: collect)
            if line != last { onChange(line); last = line }
            if !(collect?.isActive ?? false) {
                return SlurmSweepOutcome(jobs: jobs, collect: collect, tasks: tasks ?? [])
            }
            // Short sleeps, so an interrupt stops the wait at once.
            let end = Date().addingTimeInterval(pollInterval)
            while Date() < end, InterruptHandler.pendingSignal == nil { Thread.sleep(forTimeInterval: min(0.1, pollInterval)) }
        }
    }

    /// The array's task records; nil when there is no array or the controller forgot it.
    private func arrayTasks() throws -> [SlurmJobRecord]? {
        guard let array = jobs.arrayJobID else { return nil }
        return try commands.jobRecords(array)?.filter { $0.arrayJobID == array || $0.jobID == array }
    }

    static func progressLine(tasks: [SlurmJobRecord]?, collect: SlurmJobRecord?) -> String {
        var parts: [String] = []
        if let tasks {
            var counts: [String: Int] = [:]
            for task in tasks { counts[task.state.lowercased(), default: 0] += Self.taskCount(task) }
            parts.append("tasks: " + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        parts.append("collect: " + (collect?.state.lowercased() ?? "ended"))
        return parts.joined(separator: "; ")
    }

    /// How many tasks a record stands for: one, or every id of a pending range such as `3-5%2`.
    static func taskCount(_ record: SlurmJobRecord) -> Int {
        guard let ids = record.arrayTaskID, record.taskIndex == nil else { return 1 }
        let spec = ids.split(separator: "%").first.map(String.init) ?? ids
        return spec.split(separator: ",").reduce(0) { total, part in
            let ends = part.split(separator: "-").compactMap { Int($0) }
            return total + (ends.count == 2 ? ends[1] - ends[0] + 1 : 1)
        }
    }
}

/// How a submitted sweep's jobs ended.
public struct SlurmSweepOutcome: Sendable {
    public let jobs: SlurmSweepJobs
    /// The collect job's last record; nil when the controller no longer knows it.
    public let collect: SlurmJobRecord?
    /// The array's task records; empty when there is no array or the controller forgot it.
    public let tasks: [SlurmJobRecord]

    /// The tasks that did not end `COMPLETED` (failed, timed out, cancelled, ...).
    public var failedTasks: [SlurmJobRecord] { tasks.filter { $0.state != "COMPLETED" } }

    /// Whether the collect job ended `COMPLETED` (every run of the sweep completed).
    public var collectCompleted: Bool { collect?.state == "COMPLETED" }

    /// Whether the array tasks are known (the controller still had them).
    public var tasksKnown: Bool { jobs.arrayJobID == nil || !tasks.isEmpty }
}
