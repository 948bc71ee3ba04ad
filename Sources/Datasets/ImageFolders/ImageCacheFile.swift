import CDeflate
import Foundation

/// What reading one image file gave: its pixels (resized as the settings ask) or why it failed.
enum ImageOutcome: Equatable {
    case image(PixelImage)
    case failed(reason: String)
}

/// The decoded-once cache of an image folder: one binary file per set of resize settings, holding
/// each file's pixels (or failure) under its relative path, size and modification time.
///
/// Layout (little-endian): the magic `LRLABIMG`, a format version (UInt32), the settings text
/// (UInt32 length + UTF-8), the entry count (UInt64), the entries, and a CRC-32 of everything
/// before it. An entry is its relative path (UInt32 length + UTF-8), file size, modification
/// seconds and nanoseconds (Int64 each), a status byte, then for an image its width and height
/// (UInt32), channels (UInt8) and pixels, for a failure the reason (UInt32 length + UTF-8).
/// A file whose magic, version, settings, lengths or checksum do not check out is ignored whole.
enum ImageCacheFile {
    static let magic = Array("LRLABIMG".utf8)
    /// Raised whenever the layout or what is decoded changes, so that old caches are rebuilt.
    static let formatVersion: UInt32 = 1

    struct Entry: Equatable {
        var file: ScannedFile
        var outcome: ImageOutcome
    }

    /// The entries of the cache at `path` in the order written, or why the file cannot be used (no
    /// entries and no problem when there is no file).
    static func read(path: String, settings: String) -> (entries: [Entry], problem: String?) {
        guard FileManager.default.fileExists(atPath: path) else { return ([], nil) }
        guard let bytes = try? ImageFileReader.contents(of: path) else { return ([], "the cache file cannot be read") }
        return parse(bytes, settings: settings)
    }

    /// The entries `bytes` hold, checked as the type's summary says.
    static func parse(_ bytes: [UInt8], settings: String) -> (entries: [Entry], problem: String?) {
        guard bytes.count >= magic.count + 4 + 4, Array(bytes.prefix(magic.count)) == magic else {
            return ([], "not an LRLab image cache")
        }
        let stored = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self) }
        let computed = bytes.withUnsafeBytes { UInt32(libdeflate_crc32(0, $0.baseAddress, $0.count - 4)) }
        guard UInt32(littleEndian: stored) == computed else { return ([], "the cache file is damaged (checksum)") }
        return bytes.withUnsafeBytes { raw in
            var reader = ByteReader(bytes: UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - 4)]))
            reader.position = magic.count
            guard let version = reader.uint32(), version == formatVersion else { return ([], "the cache has another format version") }
            guard let storedSettings = reader.text(), storedSettings == settings else {
                return ([], "the cache was made with other settings")
            }
            guard let count = reader.uint64(), count <= UInt64(raw.count) else { return ([], "the cache file is damaged (count)") }
            var entries = [Entry]()
            entries.reserveCapacity(Int(count))
            for _ in 0..<count {
                guard let entry = reader.entry() else { return ([], "the cache file is damaged (entry)") }
                entries.append(entry)
            }
            guard reader.position == reader.bytes.count else { return ([], "the cache file is damaged (length)") }
            return (entries, nil)
        }
    }

    /// The bytes of a cache of `entries`.
    static func encoded(_ entries: [Entry], settings: String) -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes.reserveCapacity(64 + entries.reduce(0) { total, entry in
            if case .image(let image) = entry.outcome { return total + 64 + entry.file.relativePath.utf8.count + image.pixels.count }
            return total + 256
        })
        writer.bytes += magic
        writer.uint32(formatVersion)
        writer.text(settings)
        writer.uint64(UInt64(entries.count))
        for entry in entries {
            writer.text(entry.file.relativePath)
            writer.int64(entry.file.size)
            writer.int64(entry.file.modifiedSeconds)
            writer.int64(entry.file.modifiedNanoseconds)
            switch entry.outcome {
            case .image(let image):
                writer.bytes.append(0)
                writer.uint32(UInt32(image.width))
                writer.uint32(UInt32(image.height))
                writer.bytes.append(UInt8(image.channels))
                writer.bytes += image.pixels
            case .failed(let reason):
                writer.bytes.append(1)
                writer.text(reason)
            }
        }
        let checksum = writer.bytes.withUnsafeBytes { UInt32(libdeflate_crc32(0, $0.baseAddress, $0.count)) }
        writer.uint32(checksum)
        return writer.bytes
    }

    /// Writes the cache of `entries` to `path` atomically (a temporary file in the same folder,
    /// then a rename), making the folder when needed.
    static func write(_ entries: [Entry], settings: String, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try AtomicFile.write(encoded(entries, settings: settings), to: path)
    }
}

/// Appends little-endian values to a byte array.
struct ByteWriter {
    var bytes = [UInt8]()

    mutating func uint32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func uint64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func int64(_ value: Int64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func text(_ value: String) {
        uint32(UInt32(value.utf8.count))
        bytes += value.utf8
    }
}

/// Reads little-endian values from bytes in memory, nil past their end.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    private mutating func load<T: FixedWidthInteger>(_ type: T.Type) -> T? {
        let size = MemoryLayout<T>.size
        guard bytes.count - position >= size else { return nil }
        defer { position += size }
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: T.self))
    }

    mutating func uint32() -> UInt32? { load(UInt32.self) }
    mutating func uint64() -> UInt64? { load(UInt64.self) }
    mutating func int64() -> Int64? { load(Int64.self) }
    mutating func byte() -> UInt8? { load(UInt8.self) }

    mutating func slice(_ count: Int) -> UnsafeRawBufferPointer? {
        guard count >= 0, bytes.count - position >= count else { return nil }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
    }

    mutating func text() -> String? {
        guard let length = uint32(), let slice = slice(Int(length)) else { return nil }
        return String(decoding: slice, as: UTF8.self)
    }

    mutating func entry() -> ImageCacheFile.Entry? {
        guard let path = text(), let size = int64(), let seconds = int64(), let nanoseconds = int64(),
              let status = byte() else { return nil }
        let file = ScannedFile(relativePath: path, size: size, modifiedSeconds: seconds, modifiedNanoseconds: nanoseconds)
        switch status {
        case 0:
            guard let width = uint32(), let height = uint32(), let channels = byte(), channels == 1 || channels == 3,
                  width > 0, height > 0 else { return nil }
            let count = Int(width).multipliedReportingOverflow(by: Int(height) * Int(channels))
            guard !count.overflow, let pixels = slice(count.partialValue) else { return nil }
            return .init(file: file, outcome: .image(PixelImage(width: Int(width), height: Int(height),
                                                                channels: Int(channels), pixels: Array(pixels))))
        case 1:
            guard let reason = text() else { return nil }
            return .init(file: file, outcome: .failed(reason: reason))
        default:
            return nil
        }
    }
}

/// Files written whole or not at all.
enum AtomicFile {
    /// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = FolderScan.join(folder.isEmpty ? "." : folder, ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw ImageFolderError.writeFailed(path: path, reason: "cannot rename the temporary file into place: \(reason)")
        }
    }
}
