import Foundation

/// The tensors and metadata of a safetensors file, the weights format of Hugging Face and PyTorch.
///
/// Layout: an 8-byte little-endian header length `N`, `N` bytes of JSON header
/// `{"__metadata__": {str: str}, name: {"dtype", "shape", "data_offsets": [begin, end]}, ...}`,
/// then the data buffer the offsets point into (little-endian, row-major). LRLab writes what the
/// reference writer writes, byte for byte: tensors ordered by element type (widest first) then by
/// name, the header padded with spaces to a multiple of 8 bytes.
public struct Safetensors: Sendable {
    /// The largest header the reference reader accepts; longer claims are refused before reading.
    public static let maximumHeaderSize = 100_000_000

    /// The file the tensors were read from (named in every error).
    public let path: String
    /// The tensors by name.
    public let tensors: [String: StoredTensor]
    /// The header's free-form `__metadata__` strings (empty when the file has none).
    public let metadata: [String: String]
    /// The tensor names in the order of their data in the file.
    public let names: [String]

    /// Reads and checks the file at `path`: header length, JSON, every tensor's type, shape and
    /// offsets (in range, not overlapping, covering the data exactly) before converting any data.
    public static func read(_ path: String) throws(SafetensorsError) -> Safetensors {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be opened" : "no such file"
            throw SafetensorsError(.unreadable, path: path, reason)
        }
        return try decode(bytes, path: path)
    }

    /// Writes `tensors` and `metadata` to `path` atomically (a temporary file in the same folder,
    /// then a rename), as the reference writer lays them out.
    public static func write(_ tensors: [String: StoredTensor], metadata: [String: String] = [:],
                             to path: String) throws(SafetensorsError) {
        let bytes = encode(tensors, metadata: metadata)
        if let reason = AtomicFileWrite.write(bytes, to: path) { throw SafetensorsError(.unwritable, path: path, reason) }
    }
}
