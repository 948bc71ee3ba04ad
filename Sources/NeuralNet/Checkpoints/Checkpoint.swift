import Foundation
import TensorCore

/// A model's tensors, an optimizer's state and a little metadata, saved in one binary file.
///
/// Layout (little-endian): the magic bytes `LRLABCKP`, the format version (`UInt32`), the payload
/// length (`UInt64`) and the payload's CRC-32 (`UInt32`, computed in Swift), then the payload:
/// metadata sorted by key, the named tensors in model order with their shapes, and the optional
/// optimizer state. Frozen flags and gradients are not saved (as PyTorch's `state_dict`).
public struct Checkpoint {
    /// The format version this code writes and reads.
    public static let formatVersion: UInt32 = 1
    static let magic = Array("LRLABCKP".utf8)
    /// Magic, version, payload length and checksum.
    static let headerSize = 24
    /// The metadata key holding a `RandomGenerator` state.
    public static let randomGeneratorKey = "rng_state"

    /// The file this checkpoint was loaded from (named in every error).
    public let path: String
    /// Model tensors with their qualified names (`group.layer.name`), in model order.
    public let tensors: [(name: String, value: Tensor)]
    /// The optimizer's state, if one was saved.
    public let optimizerState: OptimizerState?
    /// Free-form strings such as the model name, classes and layer groups.
    public let metadata: [String: String]

    /// Writes `model`'s parameters and buffers, `optimizer`'s state and `metadata` to `path`
    /// atomically (a temporary file in the same folder, then a rename).
    ///
    /// A given `randomGenerator` is stored in the metadata under `randomGeneratorKey`.
    public static func save(model: Sequential, optimizer: (any Optimizer)? = nil,
                            randomGenerator: RandomGenerator? = nil, metadata: [String: String] = [:],
                            to path: String) throws {
        var metadata = metadata
        if let state = randomGenerator?.state {
            metadata[randomGeneratorKey] = [state.0, state.1, state.2, state.3].map { String($0, radix: 16) }
                .joined(separator: ",")
        }
        let bytes = encode(tensors: model.namedTensors.map { ($0.name, $0.parameter.value) },
                           optimizerState: optimizer?.saveState(), metadata: metadata)
        try writeAtomically(bytes, to: path)
    }

    /// Reads and checks the file at `path` (magic, version, length, checksum, structure).
    public static func load(from path: String) throws -> Checkpoint {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be opened" : "no such file"
            throw CheckpointError.unreadable(path: path, reason: reason)
        }
        return try decode([UInt8](data), path: path)
    }

    /// The random generator saved with `save(randomGenerator:)`, if any.
    public var randomGenerator: RandomGenerator? {
        get throws {
            guard let text = metadata[Self.randomGeneratorKey] else { return nil }
            let words = text.split(separator: ",").compactMap { UInt64($0, radix: 16) }
            guard words.count == 4 else {
                throw CheckpointError.malformed(path: path, detail: "the metadata `\(Self.randomGeneratorKey)` "
                                                + "is not four hexadecimal words")
            }
            return RandomGenerator(state: (words[0], words[1], words[2], words[3]))
        }
    }

    private static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        if let reason = AtomicFileWrite.write(bytes, to: path) { throw CheckpointError.unwritable(path: path, reason: reason) }
    }
}
