/// A manifest this LRLab cannot read as it is: another format, a newer version, or a value this
/// version does not know. The description says what to do; readers add the file's path.
public enum ArtifactFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The `format` member names another kind of file.
    case wrongFormat(found: String, expected: ArtifactFormat)
    /// The file was written by a newer LRLab, with a format version this one does not know.
    case newerVersion(found: Int, format: ArtifactFormat)
    /// `formatVersion` is zero or negative.
    case badVersion(found: Int, format: ArtifactFormat)
    /// A member of a closed list (`kind`, `status`) holds a value this LRLab does not know.
    case unknownValue(member: String, value: String, known: [String])

    public var description: String {
        switch self {
        case let .wrongFormat(found, expected):
            return "format is `\(found)`, expected `\(expected.name)`"
        case let .newerVersion(found, format):
            return "\(format.fileName) is \(format.name) version \(found), written by a newer LRLab; this LRLab reads "
                + "up to version \(format.version). Update LRLab to read it, or move the folder out of the ones you read"
        case let .badVersion(found, format):
            return "formatVersion is \(found); \(format.name) versions start at 1"
        case let .unknownValue(member, value, known):
            return "`\(member)` is `\(value)`, which this LRLab does not know (it knows "
                + known.map { "`\($0)`" }.joined(separator: ", ")
                + "); a newer LRLab may have written it: update LRLab to read it"
        }
    }
}
