import Foundation

/// A file that holds the current input for parsers that only read paths; one per process and
/// name, in /dev/shm when it exists (no disk traffic), overwritten by each input.
public struct ScratchFile: Sendable {
    /// The file's path.
    public let path: String

    /// The scratch file called `name` (for example `events.out.tfevents.1`) of this process.
    public init(_ name: String) {
        var isFolder: ObjCBool = false
        let base = FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isFolder) && isFolder.boolValue
            ? "/dev/shm" : NSTemporaryDirectory()
        let folder = "\(base)/lrlab-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = "\(folder)/\(name)"
    }

    /// Replaces the file's contents with `bytes`.
    public func write(_ bytes: [UInt8]) {
        guard let file = fopen(path, "wb") else { fatalError("cannot write the scratch file \(path)") }
        if !bytes.isEmpty { _ = fwrite(bytes, 1, bytes.count, file) }
        fclose(file)
    }
}
