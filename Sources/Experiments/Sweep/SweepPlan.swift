#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import ArtifactSchema
import Datasets
import Foundation
import Recorders

/// A sweep with its group id and the id of every run, in the sweep's fixed order: what any
/// process needs to run a shard of the sweep, collect it or resume it, without the command line
/// that started it. Stored as `<out>/<group-id>/sweep.json`.
///
/// The run ids depend on the loaded data (its size, split and classes), so a plan is made where
/// the data is loaded once; a process that reads the plan back loads the data from the jobs'
/// own `DataRequest`.
public struct SweepPlan: Codable, Sendable {
    /// The plan's file in the group folder.
    public static let fileName = "sweep.json"
    /// The `format` member.
    public static let formatName = "lrlab-sweep-plan"
    /// The newest `formatVersion` this LRLab writes and reads.
    public static let formatVersion = 1

    public var format = SweepPlan.formatName
    public var formatVersion = SweepPlan.formatVersion
    public var groupID: String
    /// The sweep; its base job's `outputDirectory` is the runs folder (the group folder's parent).
    public var sweep: SweepJob
    /// Every run, in the sweep's order (batch sizes as given, seeds within each).
    public var runs: [Run]
    /// The data's settings the run ids were made from (`DataBundle.manifestSettings`), to say
    /// what changed when the data no longer gives them; nil in plans written before it was kept.
    public var dataSettings: [String: JSONValue]?

    /// One run of the plan.
    public struct Run: Codable, Sendable, Hashable {
        /// The run's position in the sweep's order, from 0 (its shard is `position % count`).
        public var position: Int
        /// The run id, which names its folder in the runs folder.
        public var id: String
        public var batchSize: Int
        public var seed: UInt64
    }

    /// The plan of `sweep` on `data`.
    public init(sweep: SweepJob, data: DataBundle) {
        self.init(sweep: sweep, dataSettings: data.manifestSettings, dataDescription: data.manifestDescription)
    }

    /// The plan of `sweep` on data with these manifest settings and description
    /// (`DataBundle.manifestSettings`, `manifestDescription`): the run ids `RangeTestRunner` gives.
    init(sweep: SweepJob, dataSettings: [String: JSONValue], dataDescription: RunManifest.DataDescription) {
        self.sweep = sweep
        self.dataSettings = dataSettings
        groupID = sweep.groupID(dataSettings: dataSettings)
        runs = sweep.runJobs(groupID: groupID).enumerated().map { position, job in
            let info = RangeTestRunner.runInfo(job, dataSettings: dataSettings, data: dataDescription)
            return Run(position: position, id: info.runID, batchSize: job.batchSize, seed: job.seed)
        }
    }

    /// The jobs of every run, in the plan's order.
    public func jobs() -> [RangeTestJob] { sweep.runJobs(groupID: groupID) }

    /// The folder the run folders and the group folder are in.
    public var runsFolder: String { sweep.base.outputDirectory }

    /// `<runs folder>/<group id>`.
    public var groupFolder: String { Self.join(runsFolder, groupID) }

    /// The folder of `run`.
    public func folder(of run: Run) -> String { Self.join(runsFolder, run.id) }

    /// `<group folder>/sweep.json`.
    public var path: String { Self.join(groupFolder, Self.fileName) }

    /// Writes `sweep.json` into the group folder (creating it), atomically replacing an earlier one.
    public func write() throws {
        let directory = try RunDirectory.create(in: runsFolder, id: groupID, collision: .reuse)
        try directory.write(try ArtifactJSON.text(self), to: Self.fileName)
    }

    /// Writes `sweep.json` unless the group folder has one: of shards started at the same time
    /// exactly one writes it, and the file is complete the moment it appears.
    public func writeUnlessPresent() throws {
        let directory = try RunDirectory.create(in: runsFolder, id: groupID, collision: .reuse)
        let final = directory.path(for: Self.fileName)
        guard access(final, F_OK) != 0 else { return }
        let staging = ".\(Self.fileName).new-\(ArtifactWriter.hostName)-\(getpid())"
        try directory.write(try ArtifactJSON.text(self), to: staging)
        defer { unlink(directory.path(for: staging)) }
        // link() fails with EEXIST when another shard was first; it never replaces a file.
        if link(directory.path(for: staging), final) != 0 {
            let code = errno
            guard code == EEXIST else { throw ArtifactError(path: final, operation: "create", code: code) }
        }
    }

    /// Reads the plan in `path`, a group folder or its `sweep.json`; the runs folder becomes the
    /// group folder's parent, wherever the folders have moved since.
    ///
    /// - Throws: `SweepPlanError` naming the file and what to do.
    public static func read(from path: String) throws -> SweepPlan {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        let file = isFolder.boolValue ? join(path, fileName) : path
        guard exists, FileManager.default.fileExists(atPath: file) else {
            throw SweepPlanError(path: file, problem: "there is no such file; give the group folder of a sweep "
                                 + "(<out>/sweep-…), which holds its \(fileName)")
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw SweepPlanError(path: file, problem: "cannot read it (\(error.localizedDescription))")
        }
        var plan: SweepPlan
        do { plan = try ArtifactJSON.decoder.decode(SweepPlan.self, from: data) } catch {
            throw SweepPlanError(path: file, problem: "not a sweep plan LRLab can read (\(Self.describe(error)))")
        }
        guard plan.format == formatName else {
            throw SweepPlanError(path: file, problem: "format is `\(plan.format)`, expected `\(formatName)`")
        }
        guard plan.formatVersion <= formatVersion else {
            throw SweepPlanError(path: file, problem: "format version \(plan.formatVersion) was written by a newer "
                                 + "LRLab, this one reads up to \(formatVersion); update LRLab")
        }
        let groupFolder = parent(of: file)
        let folderName = groupFolder.split(separator: "/").last.map(String.init) ?? groupFolder
        guard folderName == plan.groupID else {
            throw SweepPlanError(path: file, problem: "the plan is for group \(plan.groupID) but its folder is named "
                                 + "\(folderName); rename the folder back to \(plan.groupID)")
        }
        let expected = plan.jobs()
        guard expected.count == plan.runs.count,
              zip(expected, plan.runs).enumerated().allSatisfy({ position, pair in
                  pair.1.position == position && pair.1.batchSize == pair.0.batchSize && pair.1.seed == pair.0.seed
                      && RunID.isValid(pair.1.id)
              }) else {
            throw SweepPlanError(path: file, problem: "its runs do not match its batch sizes and seeds; the file was "
                                 + "changed by hand: re-plan the sweep with the command that made it")
        }
        plan.sweep.base.outputDirectory = parent(of: groupFolder)
        return plan
    }

    /// `folder/name`, without doubling a slash.
    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// The folder `path` is in (`.` for a bare name).
    static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "member `\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))` is missing"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "member `\(context.codingPath.map(\.stringValue).joined(separator: "."))`: \(context.debugDescription)"
        case .dataCorrupted(let context)?:
            return context.debugDescription
        default:
            return "\(error)"
        }
    }
}

/// A `sweep.json` that cannot be used, with the file and the fix.
public struct SweepPlanError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let problem: String

    public var description: String { "\(path): \(problem)" }
}
