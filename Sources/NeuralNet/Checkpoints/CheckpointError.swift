/// Why a checkpoint file cannot be written, read or restored; every message names the file and
/// says how to fix the problem.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case notACheckpoint(path: String)
    case unsupportedVersion(path: String, version: UInt32)
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    case checksumMismatch(path: String, stored: UInt32, computed: UInt32)
    case malformed(path: String, detail: String)
    case modelMismatch(path: String, problems: [String])
    case unknownGroups(path: String, groups: [String], available: [String])
    case optimizerMismatch(path: String, detail: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .unreadable(let path, _), .unwritable(let path, _), .notACheckpoint(let path),
             .unsupportedVersion(let path, _), .truncated(let path, _, _), .checksumMismatch(let path, _, _),
             .malformed(let path, _), .modelMismatch(let path, _), .unknownGroups(let path, _, _),
             .optimizerMismatch(let path, _):
            return path
        }
    }

    public var description: String {
        let recreate = "re-create it (`Checkpoint.save`)"
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read checkpoint \(path): \(reason); check the path and its permissions"
        case .unwritable(let path, let reason):
            return "cannot write checkpoint \(path): \(reason)"
                + (AtomicFileWrite.saysTheFix(reason) ? "" : "; check that the folder exists and is writable")
        case .notACheckpoint(let path):
            return "\(path) is not an LRLab checkpoint (it does not start with `LRLABCKP`); "
                + "pass a file written by `Checkpoint.save`"
        case .unsupportedVersion(let path, let version):
            return "\(path) is an LRLab checkpoint of format version \(version), but this LRLab reads version "
                + "\(Checkpoint.formatVersion); \(recreate) with this version of LRLab"
        case .truncated(let path, let expected, let actual):
            return "\(path) is truncated: expected \(expected) bytes, found \(actual) (was the write interrupted?); "
                + recreate
        case .checksumMismatch(let path, let stored, let computed):
            return "\(path) is corrupt: its CRC-32 is \(hex(computed)) but the header says \(hex(stored)); " + recreate
        case .malformed(let path, let detail):
            return "\(path) is corrupt: \(detail); " + recreate
        case .modelMismatch(let path, let problems):
            return "checkpoint \(path) does not fit the model: \(problems.joined(separator: "; ")); load it into the "
                + "model it was saved from (same model and classes), or restore only the matching layer groups "
                + "(`onlyGroups`, as when fine-tuning with a new head)"
        case .unknownGroups(let path, let groups, let available):
            return "cannot restore layer groups \(groups.map { "`\($0)`" }.joined(separator: ", ")) from \(path): "
                + "the model and the checkpoint share only \(available.map { "`\($0)`" }.joined(separator: ", ")); "
                + "pick groups from that list"
        case .optimizerMismatch(let path, let detail):
            return "the optimizer state in \(path) does not fit: \(detail); use the optimizer the checkpoint was "
                + "saved with (same kind and layer groups), or restore the model without an optimizer"
        }
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
