import ArtifactSchema
import Foundation

/// Compares a folder of run (and sweep group) folders with a regenerated copy, value by value,
/// ignoring what records when and where a run ran rather than what it computed.
///
/// Every folder of `expected` is looked for in `actual`, and every file in it: `run.json` and
/// `group.json` member by member (`ignoredMembers` left out, `locationOptions`' values in the
/// command line masked), CSV files value by value per column (`ignoredColumns` left out; for
/// each column the first differing row, named by its first column such as `iteration`, and how
/// many rows differ), `events.jsonl` line by line as JSON (`ignoredEventMembers` left out), any
/// other file (the SVG charts) byte for byte. Folders and files present on one side only are
/// differences too.
///
/// Numbers are compared as `Double`s, so `1e-07` and `1.0e-07` agree; a seed above 2^53 is
/// compared to the precision a JSON number has.
public struct RunComparison: Sendable {
    /// Manifest members that say when, how long and on which machine: `startedAt`, `endedAt`,
    /// `summary.seconds`, `environment` (the BLAS, processor and LRLab build) and `data.path`
    /// (where the data lies on this machine).
    public static let machineMembers: Set<String> = ["startedAt", "endedAt", "summary.seconds", "environment", "data.path"]

    /// Member paths of `run.json` and `group.json` to leave out, such as `summary.seconds`; a path
    /// also covers everything below it (`environment` covers `environment.blasKernel`).
    public var ignoredMembers: Set<String>
    /// CSV columns to leave out in every CSV file (`epochs.csv`'s wall-time `seconds`).
    public var ignoredColumns: Set<String>
    /// Members of each `events.jsonl` line to leave out (the wall time `elapsed`).
    public var ignoredEventMembers: Set<String>
    /// Command-line options whose value says only where files go (`--out`): the value is masked
    /// in `commandLine`, so a copy regenerated into another folder still agrees.
    public var locationOptions: Set<String>
    /// The folders to compare, by name; nil for every folder of the expected side.
    public var folders: [String]?

    public init(ignoredMembers: Set<String> = RunComparison.machineMembers, ignoredColumns: Set<String> = ["seconds"],
                ignoredEventMembers: Set<String> = ["elapsed"], locationOptions: Set<String> = ["--out"],
                folders: [String]? = nil) {
        self.ignoredMembers = ignoredMembers
        self.ignoredColumns = ignoredColumns
        self.ignoredEventMembers = ignoredEventMembers
        self.locationOptions = locationOptions
        self.folders = folders
    }

    /// Compares the run folders in `expected` with those in `actual`.
    ///
    /// Throws `RunComparisonError` when either folder cannot be listed, when a file cannot be
    /// read, or when a folder named in `folders` is not in `expected`.
    public func compare(expected: String, actual: String) throws -> RunComparisonReport {
        let expectedFolders = try Self.subfolders(of: expected)
        let actualFolders = Set(try Self.subfolders(of: actual))
        let selected: [String]
        if let folders {
            for name in folders where !expectedFolders.contains(name) {
                throw RunComparisonError(path: expected + "/" + name,
                                         problem: "no such run folder on the expected side (check `RunComparison.folders`)")
            }
            selected = folders
        } else {
            selected = expectedFolders
        }
        var report = RunComparisonReport(comparedFolders: [], comparedFiles: 0, differences: [])
        for name in selected {
            guard actualFolders.contains(name) else {
                report.differences.append(RunDifference(run: name, file: "", field: RunDifference.wholeFolder,
                                                        expected: "present", got: "missing"))
                continue
            }
            report.comparedFolders.append(name)
            let expectedFiles = try Self.files(in: expected + "/" + name)
            let actualFiles = try Self.files(in: actual + "/" + name)
            for file in expectedFiles where !actualFiles.contains(file) {
                report.differences.append(RunDifference(run: name, file: file, field: RunDifference.wholeFile,
                                                        expected: "present", got: "missing"))
            }
            for file in actualFiles where !expectedFiles.contains(file) {
                report.differences.append(RunDifference(run: name, file: file, field: RunDifference.wholeFile,
                                                        expected: "absent", got: "present"))
            }
            for file in expectedFiles where actualFiles.contains(file) {
                report.comparedFiles += 1
                let a = try Self.read(expected + "/" + name + "/" + file)
                let b = try Self.read(actual + "/" + name + "/" + file)
                report.differences += try compareFile(file, expected: a, actual: b, run: name, path: actual + "/" + name + "/" + file)
            }
        }
        if folders == nil {
            for name in actualFolders.subtracting(expectedFolders).sorted() {
                report.differences.append(RunDifference(run: name, file: "", field: RunDifference.wholeFolder,
                                                        expected: "absent", got: "present"))
            }
        }
        return report
    }

    /// The differences between two versions of the file named `file` of run `run`.
    func compareFile(_ file: String, expected: Data, actual: Data, run: String, path: String) throws -> [RunDifference] {
        if expected == actual { return [] }
        if file.hasSuffix(".json") {
            let a = try Self.json(expected, path: path + " (expected side)")
            let b = try Self.json(actual, path: path)
            var differences: [RunDifference] = []
            compareJSON(maskingLocations(a), maskingLocations(b), at: "", ignoring: ignoredMembers) {
                differences.append(RunDifference(run: run, file: file, field: $0, expected: $1, got: $2))
            }
            return differences
        }
        if file.hasSuffix(".csv") {
            return compareCSV(String(decoding: expected, as: UTF8.self), String(decoding: actual, as: UTF8.self),
                              run: run, file: file)
        }
        if file.hasSuffix(".jsonl") {
            return try compareEvents(expected, actual, run: run, file: file, path: path)
        }
        return [Self.byteDifference(expected, actual, run: run, file: file)]
    }

    /// `value` with the value after each of `locationOptions` in every `commandLine` member (at
    /// any depth: a sweep plan holds its base job's) replaced by `<…>`.
    func maskingLocations(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(var members):
            for (key, member) in members {
                if key == "commandLine", case .array(let arguments) = member {
                    members[key] = .array(masking(arguments))
                } else {
                    members[key] = maskingLocations(member)
                }
            }
            return .object(members)
        case .array(let elements):
            return .array(elements.map(maskingLocations))
        default:
            return value
        }
    }

    private func masking(_ arguments: [JSONValue]) -> [JSONValue] {
        var masked = arguments
        for index in masked.indices {
            guard let argument = masked[index].stringValue else { continue }
            if locationOptions.contains(argument), index + 1 < masked.count {
                masked[index + 1] = .string("<\(argument.drop { $0 == "-" })>")
            } else if let equals = argument.firstIndex(of: "="), locationOptions.contains(String(argument[..<equals])) {
                masked[index] = .string(argument[..<equals] + "=<\(argument[..<equals].drop { $0 == "-" })>")
            }
        }
        return masked
    }

    /// A byte-level difference, located at the first line that differs.
    static func byteDifference(_ expected: Data, _ actual: Data, run: String, file: String) -> RunDifference {
        let a = expected.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let b = actual.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] }.map { $0 + 1 } ?? min(a.count, b.count) + 1
        return RunDifference(run: run, file: file, field: RunDifference.wholeFile, expected: "\(expected.count) bytes",
                             got: "\(actual.count) bytes", detail: "first difference on line \(line)")
    }
}

/// A folder or file `RunComparison` could not read, or a folder it was asked for that does not exist.
public struct RunComparisonError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}

extension RunComparison {
    /// The run and group folders in `path` (its subfolders, hidden ones left out), sorted.
    static func subfolders(of path: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            throw RunComparisonError(path: path, problem: "not a folder of run folders")
        }
        let names = try listing(path)
        return names.filter { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isFolder) && isFolder.boolValue
        }
    }

    /// The files in a run folder (hidden ones, such as an interrupted write's temporary file, left out), sorted.
    static func files(in path: String) throws -> [String] {
        try listing(path).filter { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isFolder) && !isFolder.boolValue
        }
    }

    private static func listing(_ path: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw RunComparisonError(path: path, problem: "cannot list the folder (\(error.localizedDescription))")
        }
    }

    static func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunComparisonError(path: path, problem: "cannot read the file")
        }
        return data
    }

    static func json(_ data: Data, path: String) throws -> JSONValue {
        guard let value = JSONValueReader.read(data) else {
            throw RunComparisonError(path: path, problem: "not valid JSON")
        }
        return value
    }
}
