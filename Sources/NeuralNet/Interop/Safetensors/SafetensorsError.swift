/// Why a safetensors file cannot be read or written; the message names the file, the tensor when
/// one is at fault, and what to do.
public struct SafetensorsError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// The file is missing or cannot be opened.
        case unreadable
        /// The file cannot be created or replaced.
        case unwritable
        /// The bytes break the format (header, offsets, lengths, JSON).
        case malformed
        /// The file is well-formed but holds an element type LRLab does not read.
        case unsupportedDType
    }

    public let kind: Kind
    /// The file the error is about.
    public let path: String
    /// The tensor at fault, if the problem is one tensor's.
    public let tensor: String?
    /// What is wrong, in plain words.
    public let detail: String

    init(_ kind: Kind, path: String, tensor: String? = nil, _ detail: String) {
        self.kind = kind
        self.path = path
        self.tensor = tensor
        self.detail = detail
    }

    public var description: String {
        let subject = tensor.map { "tensor `\($0)`: " } ?? ""
        switch kind {
        case .unreadable:
            return "cannot read safetensors file \(path): \(detail); check the path and its permissions"
        case .unwritable:
            return "cannot write safetensors file \(path): \(detail)"
                + (AtomicFileWrite.saysTheFix(detail) ? "" : "; check that the folder exists and is writable")
        case .malformed:
            return "\(path) is not a valid safetensors file: \(subject)\(detail); write it again with "
                + "safetensors' `save_file` (it may be truncated or not a safetensors file at all)"
        case .unsupportedDType:
            let readable = SafetensorsDType.allCases.map(\.rawValue).joined(separator: ", ")
            return "cannot read \(path): \(subject)\(detail); LRLab reads \(readable): convert the tensor, "
                + "for example with `tensor.float()` in PyTorch, before saving"
        }
    }
}
