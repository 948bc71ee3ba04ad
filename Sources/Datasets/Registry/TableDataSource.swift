import Foundation
import TensorCore

/// A CSV or tab-separated table (`.csv`, `.tsv`, `.tab`, optionally gzip'd): numeric feature
/// columns and one label column, one example per row (see `TableParser` for the format).
///
/// Options (all optional): `labelColumn` (a header name; default the last column),
/// `fillMissing` (`mean` or `median`: fill empty cells from the training examples instead of
/// refusing them), `delimiter` (`comma`, `tab` or `semicolon`; default from the extension).
/// Labels become classes in sorted order (numerically for whole numbers). Each feature is
/// standardised with its own mean and std over the training examples.
public struct TableDataSource: DataSource {
    public init() {}

    /// The source's name: `--data-source csv`.
    public static let sourceName = "csv"
    /// How errors name the label column setting.
    public static let labelColumnSetting = TableParser.labelColumnSetting
    /// How errors name the fill setting.
    public static let fillMissingSetting = DataRequest.optionSetting("fillMissing")

    public var name: String { Self.sourceName }

    public var summary: String {
        "a .csv or .tsv table: numeric feature columns and a label column (options labelColumn, fillMissing)"
    }

    public func recognizes(path: String) -> Bool {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { return false }
        let name = Self.nameWithoutGzip(path).lowercased()
        return [".csv", ".tsv", ".tab"].contains { name.hasSuffix($0) }
    }

    public func load(_ request: DataRequest) throws -> DataBundle {
        guard let path = request.location else {
            throw SettingError(setting: "DataRequest.location", value: nil, reason: "a table needs the path of a .csv or .tsv file")
        }
        let fill = try Self.fillMode(request)
        let bytes = try FileBytes.read(path: path, hint: "give the path of a readable .csv or .tsv file")
        let options = TableParseOptions(delimiter: try Self.delimiter(request, path: path),
                                        labelColumn: request.options["labelColumn"], acceptsMissing: fill != nil)
        let table = try TableParser.parse(bytes, fileName: path, options: options)
        guard table.classNames.count >= 2 else {
            throw TableFileError(file: path, column: table.labelColumn,
                                 problem: "every row has the label '\(table.classNames[0])': one class",
                                 fix: "a classifier needs rows of at least 2 classes; the labels are the last column unless "
                                     + "`\(Self.labelColumnSetting)` names another")
        }
        let features = table.featureNames.count
        let dataset = Dataset(name: Self.datasetName(path), inputs: Tensor(shape: [table.rowCount, features], storage: table.values),
                              targets: Tensor(shape: [table.rowCount], storage: table.labels.map(Float.init)),
                              classNames: table.classNames)
        var bundle = try DataBundle(dataset: dataset, validationFraction: request.validationFraction, seed: request.splitSeed,
                                    trainLimit: request.trainLimit, classes: request.classes, normalize: false, path: path)
        var filled = 0
        if let fill, table.missingCells > 0 {
            let values = try fill.fillValues(from: bundle.train, featureNames: table.featureNames, file: path)
            filled = MissingValueFill.fill(&bundle.train, with: values) + MissingValueFill.fill(&bundle.valid, with: values)
        }
        bundle.standardizePerChannel()
        bundle.provenance = DataProvenance(source: name, layout: "table", fileCount: 1,
                                           contentHash: Self.contentHash(table, fill: fill),
                                           features: table.featureNames, labelColumn: table.labelColumn,
                                           fillMissing: fill?.rawValue, filledCells: fill == nil ? nil : filled)
        return bundle
    }

    /// The `fillMissing` option.
    static func fillMode(_ request: DataRequest) throws -> MissingValueFill? {
        guard let text = request.options["fillMissing"] else { return nil }
        guard let fill = MissingValueFill(rawValue: text) else {
            throw SettingError(setting: fillMissingSetting, value: text, reason: "use mean or median")
        }
        return fill
    }

    /// The `delimiter` option, nil for the one the file's extension implies.
    static func delimiter(_ request: DataRequest, path: String) throws -> UInt8 {
        guard let text = request.options["delimiter"] else { return TableParser.delimiter(forFileName: nameWithoutGzip(path)) }
        switch text {
        case "comma", ",": return UInt8(ascii: ",")
        case "tab", "\t": return UInt8(ascii: "\t")
        case "semicolon", ";": return UInt8(ascii: ";")
        default:
            throw SettingError(setting: DataRequest.optionSetting("delimiter"), value: text, reason: "use comma, tab or semicolon")
        }
    }

    /// `path` without a final `.gz`.
    private static func nameWithoutGzip(_ path: String) -> String {
        path.lowercased().hasSuffix(".gz") ? String(path.dropLast(3)) : path
    }

    /// The file's name without its folder and extensions, such as `iris` for `data/iris.csv`.
    static func datasetName(_ path: String) -> String {
        let file = (nameWithoutGzip(path) as NSString).lastPathComponent
        let stem = (file as NSString).deletingPathExtension
        return stem.isEmpty ? file : stem
    }

    /// A hash of what the examples are: the columns, the classes, every value and label, and the fill.
    static func contentHash(_ table: ParsedTable, fill: MissingValueFill?) -> String {
        var hasher = ContentHasher()
        hasher.update("lrlab-table-content-1")
        hasher.update(table.featureNames.count)
        for name in table.featureNames { hasher.update(name) }
        hasher.update(table.labelColumn)
        hasher.update(table.classNames.count)
        for name in table.classNames { hasher.update(name) }
        hasher.update(table.rowCount)
        table.values.withUnsafeBytes { hasher.update($0) }
        for label in table.labels { hasher.update(label) }
        hasher.update(fill?.rawValue ?? "none")
        return hasher.finalized()
    }
}
