import Foundation

/// Runs Slurm's client commands (`sbatch`, `scontrol`) and reads what they print.
///
/// `run` is replaceable, so the submission logic can be checked without a cluster.
public struct SlurmCommands: Sendable {
    /// What a command printed and how it ended.
    public struct Output: Sendable, Equatable {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// Runs the named program (found on the PATH) with arguments and waits for it.
    public var run: @Sendable (_ program: String, _ arguments: [String]) throws -> Output

    public init(run: @escaping @Sendable (_ program: String, _ arguments: [String]) throws -> Output = SlurmCommands.runProcess) {
        self.run = run
    }

    /// Submits the batch script at `script` with extra `sbatch` arguments; returns the job id.
    public func submit(_ script: String, arguments: [String] = []) throws -> String {
        let all = ["--parsable"] + arguments + [script]
        let output = try checked("sbatch", all)
        // --parsable prints `<job id>` or `<job id>;<cluster>`.
        let id = output.stdout.split(whereSeparator: \.isNewline).last.map {
            String($0.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces)
        } ?? ""
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw SlurmError.commandFailed(command: (["sbatch"] + all).joined(separator: " "), status: output.status,
                                           output: "it printed no job id: " + output.stdout + output.stderr)
        }
        return id
    }

    /// The cluster's `MaxArraySize`, or nil when `scontrol` does not say.
    public func maxArraySize() throws -> Int? {
        let output = try checked("scontrol", ["show", "config"])
        for line in output.stdout.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == "MaxArraySize" { return Int(parts[1]) }
        }
        return nil
    }

    /// The records the controller keeps of job `id` (every task of an array), or nil once it
    /// has forgotten the job (`MinJobAge` after its end).
    public func jobRecords(_ id: String) throws -> [SlurmJobRecord]? {
        let output = try run("scontrol", ["show", "job", "-o", id])
        if output.status != 0 {
            if (output.stdout + output.stderr).contains("Invalid job id") { return nil }
            throw SlurmError.commandFailed(command: "scontrol show job -o \(id)", status: output.status,
                                           output: output.stderr + output.stdout)
        }
        return output.stdout.split(whereSeparator: \.isNewline).compactMap { SlurmJobRecord(line: String($0)) }
    }

    private func checked(_ program: String, _ arguments: [String]) throws -> Output {
        let output = try run(program, arguments)
        guard output.status == 0 else {
            throw SlurmError.commandFailed(command: ([program] + arguments).joined(separator: " "), status: output.status,
                                           output: output.stderr + output.stdout)
        }
        return output
    }

    /// Runs `program` from the PATH, its output captured in temporary files (never a full pipe).
    public static let runProcess: @Sendable (String, [String]) throws -> Output = { program, arguments in
        guard let path = findOnPath(program) else { throw SlurmError.commandMissing(program) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-slurm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Output(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// The first executable `name` in the PATH's folders.
    static func findOnPath(_ name: String) -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for folder in folders {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// One line of `scontrol show job -o`: a job, or one task of an array.
public struct SlurmJobRecord: Sendable, Equatable {
    public var jobID: String
    /// The array's job id, for a task of an array.
    public var arrayJobID: String?
    /// The task's id, or a range such as `3-5%2` for tasks not started yet.
    public var arrayTaskID: String?
    /// Such as `PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `TIMEOUT`, `CANCELLED`.
    public var state: String
    /// `<exit status>:<signal>`, such as `0:0` or `1:0`.
    public var exitCode: String?
    /// Why the job waits or ended, such as `Dependency` or `NonZeroExitCode`.
    public var reason: String?
    /// Where the job's output goes.
    public var standardOutput: String?

    public init(jobID: String, arrayJobID: String? = nil, arrayTaskID: String? = nil, state: String,
                exitCode: String? = nil, reason: String? = nil, standardOutput: String? = nil) {
        self.jobID = jobID
        self.arrayJobID = arrayJobID
        self.arrayTaskID = arrayTaskID
        self.state = state
        self.exitCode = exitCode
        self.reason = reason
        self.standardOutput = standardOutput
    }

    /// Reads the `Key=value` fields of one line; nil when it has no `JobId` or `JobState`.
    public init?(line: String) {
        var fields: [String: String] = [:]
        for token in line.split(separator: " ") {
            guard let equals = token.firstIndex(of: "=") else { continue }
            let key = String(token[..<equals])
            if fields[key] == nil { fields[key] = String(token[token.index(after: equals)...]) }
        }
        guard let id = fields["JobId"], let state = fields["JobState"] else { return nil }
        self.init(jobID: id, arrayJobID: fields["ArrayJobId"], arrayTaskID: fields["ArrayTaskId"], state: state,
                  exitCode: fields["ExitCode"], reason: fields["Reason"], standardOutput: fields["StdOut"])
    }

    /// Whether the job (or task) still waits or runs.
    public var isActive: Bool {
        ["PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED",
         "RESIZING", "SIGNALING", "STAGE_OUT", "STOPPED", "RESV_DEL_HOLD", "POWER_UP_NODE"].contains(state)
    }

    /// The task id as a number, for a started task.
    public var taskIndex: Int? { arrayTaskID.flatMap { Int($0) } }
}
