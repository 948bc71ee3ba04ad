import CZlib
import Foundation

/// Reads whole files into memory, inflating gzip files (recognised by their 1f 8b magic, whatever
/// their name) on the way.
enum FileBytes {
    /// The bytes of the file at `path`, decompressed when it is gzip'd.
    static func read(path: String, hint: String) throws -> [UInt8] {
        let raw = try readRaw(path: path, hint: hint)
        guard raw.count >= 2, raw[0] == 0x1F, raw[1] == 0x8B else { return raw }
        return try gunzip(raw, path: path, hint: hint)
    }

    /// The file's bytes as stored on disk.
    static func readRaw(path: String, hint: String) throws -> [UInt8] {
        func failure(_ reason: String) -> IDXError {
            IDXError(path: path, problem: .unreadable(reason), hint: hint)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw failure("no such file")
        }
        if isDirectory.boolValue { throw failure("it is a directory, not a file") }
        guard let file = fopen(path, "rb") else { throw failure(String(cString: strerror(errno))) }
        defer { fclose(file) }
        var info = stat()
        guard fstat(fileno(file), &info) == 0 else { throw failure(String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = size == 0 ? 0 : fread(buffer.baseAddress!, 1, size, file)
        }
        guard bytes.count == size else {
            throw failure("read \(bytes.count) of \(size) bytes: \(String(cString: strerror(errno)))")
        }
        return bytes
    }

    /// Inflates every gzip member of `compressed` and rejects bytes after the last one.
    static func gunzip(_ compressed: [UInt8], path: String, hint: String) throws -> [UInt8] {
        func failure(_ problem: IDXError.Problem) -> IDXError {
            IDXError(path: path, problem: problem, hint: hint)
        }
        // The gzip trailer stores the uncompressed size modulo 2^32: a good first capacity.
        let n = compressed.count
        let sizeHint = n >= 4
            ? Int(compressed[n - 4]) | Int(compressed[n - 3]) << 8 | Int(compressed[n - 2]) << 16 | Int(compressed[n - 1]) << 24
            : 0
        // Deflate expands at most ~1032:1, which bounds the hint of a damaged trailer.
        var output = [UInt8](repeating: 0, count: max(min(sizeHint, 1032 * n), 4 * n, 1 << 16))
        var produced = 0
        var stream = z_stream()
        // windowBits 15 + 16: a gzip wrapper only.
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw failure(.corruptGzip("zlib could not start: \(stream.msg.map { String(cString: $0) } ?? "out of memory")"))
        }
        defer { inflateEnd(&stream) }

        try compressed.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!)
            stream.avail_in = UInt32(input.count)
            while true {
                if produced == output.count {
                    output.append(contentsOf: repeatElement(0, count: output.count))
                }
                let status: Int32 = output.withUnsafeMutableBufferPointer { out in
                    let room = min(out.count - produced, Int(UInt32.max))
                    stream.next_out = out.baseAddress! + produced
                    stream.avail_out = UInt32(room)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    produced += room - Int(stream.avail_out)
                    return status
                }
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    let remaining = Int(stream.avail_in)
                    if remaining == 0 { return }
                    let next = input.count - remaining
                    guard remaining >= 2, input[next] == 0x1F, input[next + 1] == 0x8B else {
                        throw failure(.trailingGarbageAfterGzip(count: remaining))
                    }
                    inflateReset(&stream)  // another gzip member follows (concatenated gzip)
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw failure(.truncatedGzip)
                case Z_BUF_ERROR:
                    continue  // no room for output: the loop grows the buffer
                default:
                    throw failure(.corruptGzip(stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"))
                }
            }
        }
        output.removeLast(output.count - produced)
        return output
    }
}
