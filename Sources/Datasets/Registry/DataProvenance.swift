/// Where a bundle's examples came from, beyond its name and path: recorded in run.json by
/// sources that read the user's files.
public struct DataProvenance: Equatable, Sendable {
    /// The registered source that read the data.
    public var source: String?
    /// How the source found examples and labels, such as `class-folders`.
    public var layout: String?
    /// Files read (bad files skipped included).
    public var fileCount: Int?
    /// A hash of the examples and labels.
    public var contentHash: String?
    /// Files skipped as unreadable, each with the reason.
    public var skippedFiles: [String]
    /// A table's feature columns, in the order of an example's values; nil for other data.
    public var features: [String]?
    /// A table's label column.
    public var labelColumn: String?
    /// How missing cells were filled (`mean`, `median`), nil when none could be.
    public var fillMissing: String?
    /// How many cells were filled.
    public var filledCells: Int?

    public init(source: String? = nil, layout: String? = nil, fileCount: Int? = nil, contentHash: String? = nil,
                skippedFiles: [String] = [], features: [String]? = nil, labelColumn: String? = nil,
                fillMissing: String? = nil, filledCells: Int? = nil) {
        self.source = source
        self.layout = layout
        self.fileCount = fileCount
        self.contentHash = contentHash
        self.skippedFiles = skippedFiles
        self.features = features
        self.labelColumn = labelColumn
        self.fillMissing = fillMissing
        self.filledCells = filledCells
    }
}
