import Foundation

/// Reads whole image files into memory with plain POSIX calls.
enum ImageFileReader {
    /// The bytes of the file at `path`.
    /// - Throws: `ImageFileError` when it cannot be opened or read in full.
    static func contents(of path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ImageFileError(path: path, reason: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw ImageFileError(path: path, reason: "cannot read: \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw ImageFileError(path: path, reason: "not a regular file") }
        let size = Int(info.st_size)
        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size {
                let count = read(descriptor, buffer.baseAddress! + done, size - done)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 {
                    failure = count == 0 ? "the file shrank while it was read" : String(cString: strerror(errno))
                    break
                }
                done += count
            }
            initialized = done
        }
        if let failure { throw ImageFileError(path: path, reason: "cannot read: \(failure)") }
        return bytes
    }
}
