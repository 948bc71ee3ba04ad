/// The name and version of one kind of LRLab manifest file, written as its `format` and
/// `formatVersion` members.
///
/// What a version bump means: an LRLab refuses a file whose `formatVersion` is newer than the
/// version it knows (`ArtifactFormatError.newerVersion`), so bump a format's version exactly when
/// an older LRLab would misread files of the new shape: a member removed or renamed, a member's
/// type, unit or meaning changed, or a new value of a closed list (`kind`, `status`) that older
/// readers would reject. Adding a member does not need a bump: readers keep members they do not
/// model in `extra` and treat a missing member as absent. After a bump, this LRLab still reads
/// every older version (the lenient decoders fill what older files lack).
public struct ArtifactFormat: Sendable, Hashable, CustomStringConvertible {
    /// The `format` member, such as `lrlab-run`.
    public let name: String
    /// The newest `formatVersion` this LRLab writes and reads.
    public let version: Int
    /// The file the format is stored in, such as `run.json`.
    public let fileName: String

    public init(name: String, version: Int, fileName: String) {
        self.name = name
        self.version = version
        self.fileName = fileName
    }

    /// A run's manifest, `run.json` (`RunManifest`).
    ///
    /// Version 1: the first and so far only version.
    public static let run = ArtifactFormat(name: "lrlab-run", version: 1, fileName: RunFiles.manifest)

    /// A sweep group's manifest, `group.json` (`GroupManifest`).
    ///
    /// Version 1: the first and so far only version.
    public static let group = ArtifactFormat(name: "lrlab-group", version: 1, fileName: GroupFiles.manifest)

    public var description: String { "\(name) version \(version)" }

    /// Checks a file's `format` and `formatVersion` against this format.
    public func check(format: String, version: Int) throws {
        guard format == name else { throw ArtifactFormatError.wrongFormat(found: format, expected: self) }
        guard version <= self.version else { throw ArtifactFormatError.newerVersion(found: version, format: self) }
        guard version >= 1 else { throw ArtifactFormatError.badVersion(found: version, format: self) }
    }
}
