import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One artifact file read whole with plain POSIX calls: a build reads thousands of small files,
/// and a missing optional one should cost a failed `open`, not a thrown Foundation error.
enum ArtifactFileRead {
    case bytes(Data)
    /// Nothing at the path (`ENOENT`).
    case missing
    /// Anything else: no permission, a folder, a read error.
    case failed

    init(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            self = errno == ENOENT ? .missing : .failed
            return
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            self = .failed
            return
        }
        // The size is a hint: read until end of file, so a file that grows meanwhile is read whole.
        var data = Data(capacity: Int(status.st_size) + 1)
        var chunk = [UInt8](repeating: 0, count: max(4096, Int(status.st_size) + 1))
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                self = .failed
                return
            }
            data.append(contentsOf: chunk[0..<count])
        }
        self = .bytes(data)
    }
}
