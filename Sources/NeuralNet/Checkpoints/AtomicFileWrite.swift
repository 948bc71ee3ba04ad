#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Writes a whole file atomically for checkpoints and safetensors: the bytes go to a hidden
/// temporary file in the same folder, which is renamed over the target once complete; on any
/// failure the temporary file is removed and the previous file (if any) stays as it was.
enum AtomicFileWrite {
    /// Writes `bytes` to `path`; nil when it worked, else why not (with the fix for a full disk).
    static func write(_ bytes: [UInt8], to path: String) -> String? {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = "\(folder).\(name).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return reason(errno) }
        var failure: Int32?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                #if canImport(Glibc)
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                let written = Darwin.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if close(fd) != 0, failure == nil { failure = errno }
        if failure == nil, rename(temporary, path) != 0 { failure = errno }
        guard let failure else { return nil }
        unlink(temporary)
        return reason(failure)
    }

    /// Whether `reason` (from `write`) already says how to fix it.
    static func saysTheFix(_ reason: String) -> Bool {
        reason.contains("free space")
    }

    private static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        switch code {
        case ENOSPC: return "\(text): the disk is full; free space or write the file to another disk"
        case EDQUOT: return "\(text): the disk quota is exhausted; free space or write the file to another disk"
        default: return text
        }
    }
}
