#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation

extension RecordedCurve {
    /// The formats `read(path:)` understands.
    public enum FileFormat: String, Sendable, CaseIterable {
        /// LRLab's metrics.csv or any CSV with `lr` and `loss` (or `smooth_loss`) columns.
        case csv
        /// torch-lr-finder's history JSON, `{"lr": […], "loss": […]}`.
        case lrFinderHistory = "torch-lr-finder-json"
        /// A TensorBoard event file, or a folder of them read as one run.
        case tensorBoard = "tensorboard"
    }

    /// Reads a recorded range-test curve from the file or folder at `path`, in the format its
    /// content shows: a folder holds TensorBoard event files (`*tfevents*`, joined in name order
    /// as TensorBoard does); a file whose name contains `tfevents` or whose first bytes are a
    /// valid TFRecord header is an event file; a file starting with `{` is torch-lr-finder's
    /// history JSON; anything else is CSV. `lossTag` and `lrTag` choose the scalars of event
    /// files (see `TensorBoardCurveReader`); other formats ignore them.
    ///
    /// - Throws: `CurveFileError` naming the file and the line or record at fault.
    public static func read(path: String, lossTag: String? = nil, lrTag: String? = nil) throws -> RecordedCurve {
        let (format, files) = try detectFormat(path: path)
        switch format {
        case .tensorBoard:
            return try TensorBoardCurveReader.read(paths: files, source: path, lossTag: lossTag, lrTag: lrTag)
        case .lrFinderHistory:
            return try LRFinderHistoryReader.parse(try contents(path), source: path)
        case .csv:
            let bytes = try contents(path)
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw CurveFileError(path, "the file is not UTF-8 text; expected a CSV file, a torch-lr-finder "
                    + "JSON history or a TensorBoard event file")
            }
            do {
                return try CurveCSVReader.parse(text, source: path)
            } catch let error as CurveCSVError {
                throw CurveFileError(error.description)
            }
        }
    }

    /// The format of the file or folder at `path`, with the files to read.
    public static func detectFormat(path: String) throws -> (format: FileFormat, files: [String]) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CurveFileError(path, "cannot read it (\(String(cString: strerror(errno)))); check the path")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.contains("tfevents") }.sorted()
            guard !names.isEmpty else {
                throw CurveFileError(path, "the folder holds no TensorBoard event file (events.out.tfevents.*); "
                    + "give a metrics.csv, a torch-lr-finder JSON history, an event file or a folder of them")
            }
            let folder = path.hasSuffix("/") ? path : path + "/"
            return (.tensorBoard, names.map { folder + $0 })
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let head = try firstBytes(path, count: TFRecord.headerSize)
        if name.contains("tfevents") || looksLikeRecordHeader(head) { return (.tensorBoard, [path]) }
        let text = head.drop { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        if text.first == UInt8(ascii: "{") || name.hasSuffix(".json") { return (.lrFinderHistory, [path]) }
        return (.csv, [path])
    }

    /// Whether `bytes` start with a TFRecord length whose masked checksum follows it.
    private static func looksLikeRecordHeader(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= TFRecord.headerSize else { return false }
        let stored = bytes[8..<12].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return CRC32C.masked(CRC32C.checksum(bytes[0..<8])) == stored
    }

    private static func firstBytes(_ path: String, count: Int) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw CurveFileError(path, "cannot open the file (\(String(cString: strerror(errno)))); check the path")
        }
        defer { fclose(file) }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = fread(&bytes, 1, count, file)
        return Array(bytes[0..<read])
    }

    private static func contents(_ path: String) throws -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw CurveFileError(path, "cannot read the file (\(error.localizedDescription)); check the path")
        }
    }
}
