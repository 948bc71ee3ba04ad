/// One value that differs between a folder of expected runs and a regenerated one.
///
/// `field` names where: a JSON member path such as `suggestions.steep.lr` or `commandLine[4]`,
/// a CSV column such as `loss`, or one of `RunDifference.wholeFolder`, `wholeFile` and `rowCount`.
public struct RunDifference: Equatable, Sendable, CustomStringConvertible {
    /// The run (or sweep group) folder's name.
    public var run: String
    /// The file inside the folder; empty when the whole folder differs.
    public var file: String
    public var field: String
    public var expected: String
    public var got: String
    /// More about where, such as `first at iteration 2 (row 3); 86 of 89 rows differ`.
    public var detail: String?

    /// `field` when a run folder is present on one side only.
    public static let wholeFolder = "(folder)"
    /// `field` when a file is present on one side only, or differs as bytes.
    public static let wholeFile = "(file)"
    /// `field` when two CSV files or event logs have different numbers of rows.
    public static let rowCount = "(rows)"

    public init(run: String, file: String, field: String, expected: String, got: String, detail: String? = nil) {
        self.run = run
        self.file = file
        self.field = field
        self.expected = expected
        self.got = got
        self.detail = detail
    }

    /// One line: `<run> <file> <field>: expected <a>, got <b> (<detail>)`.
    public var description: String {
        let place = file.isEmpty ? run : "\(run) \(file)"
        return "\(place) \(field): expected \(expected), got \(got)" + (detail.map { " (\($0))" } ?? "")
    }
}

/// What `RunComparison.compare` found: the folders it compared and every difference.
public struct RunComparisonReport: Equatable, Sendable, CustomStringConvertible {
    /// The run and group folders compared (those present on both sides).
    public var comparedFolders: [String]
    /// Files compared across those folders.
    public var comparedFiles: Int
    public var differences: [RunDifference]

    public var isIdentical: Bool { differences.isEmpty }

    /// The runs that differ, in order, each once.
    public var differingFolders: [String] {
        var seen = Set<String>()
        return differences.map(\.run).filter { seen.insert($0).inserted }
    }

    /// A summary line, then one line per difference grouped by folder.
    public var description: String {
        if isIdentical {
            return "\(comparedFolders.count) folders (\(comparedFiles) files) identical, apart from the ignored members"
        }
        var lines = ["\(differingFolders.count) of \(comparedFolders.count) folders differ (\(differences.count) differences):"]
        for folder in differingFolders {
            lines.append(folder)
            for difference in differences where difference.run == folder {
                let place = difference.file.isEmpty ? "" : difference.file + " "
                lines.append("  \(place)\(difference.field): expected \(difference.expected), got \(difference.got)"
                             + (difference.detail.map { " (\($0))" } ?? ""))
            }
        }
        return lines.joined(separator: "\n")
    }
}
