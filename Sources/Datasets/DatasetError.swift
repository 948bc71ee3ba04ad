import Foundation

/// A data set that cannot be loaded or prepared as asked, with how to fix it.
public enum DatasetError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// A data directory that does not exist.
    case missingDirectory(path: String, hint: String)
    /// A file not found under any of the names tried.
    case missingFile(what: String, tried: [String], hint: String)
    /// An images file and a labels file with different numbers of examples.
    case countMismatch(images: String, imageCount: Int, labels: String, labelCount: Int, hint: String)
    /// A label outside `0..<classCount`.
    case labelOutOfRange(file: String, index: Int, label: Int, classCount: Int, hint: String)
    /// Images of another size than the data set's.
    case wrongImageSize(file: String, rows: Int, columns: Int, expected: Int, hint: String)
    /// A class filter that is empty, repeats a class or names one that does not exist.
    case invalidClassFilter(classes: [Int], reason: String)
    /// A location that no registered data source recognizes.
    case unrecognizedData(path: String, sources: [String])

    public var description: String {
        switch self {
        case .missingDirectory(let path, let hint):
            return "data directory \(path) does not exist; \(hint)"
        case .missingFile(let what, let tried, let hint):
            return "\(what) not found; tried \(tried.joined(separator: ", ")); \(hint)"
        case .countMismatch(let images, let imageCount, let labels, let labelCount, let hint):
            return "wrong count: \(images) holds \(imageCount) images but \(labels) holds \(labelCount) labels; "
                + "the two files must come from the same split; \(hint)"
        case .labelOutOfRange(let file, let index, let label, let classCount, let hint):
            return "\(file): label \(label) of example \(index) is outside 0..<\(classCount); \(hint)"
        case .wrongImageSize(let file, let rows, let columns, let expected, let hint):
            return "\(file): images are \(rows)x\(columns) but must be \(expected)x\(expected); \(hint)"
        case .invalidClassFilter(let classes, let reason):
            return "invalid class list \(classes): \(reason)"
        case .unrecognizedData(let path, let sources):
            let exists = FileManager.default.fileExists(atPath: path)
            return "\(path): " + (exists ? "no data source recognizes what it holds" : "no such file or folder")
                + " (sources: \(sources.joined(separator: ", "))); give a folder or file one of them reads, "
                + "or name the source (`DataRequest.source`)"
        }
    }

    public var errorDescription: String? { description }
}
