import Foundation
import LRLabTestSupport
@testable import NeuralNet

/// What `Tests/Python/safetensors_probe.py` reports about a file: metadata and, per tensor, the
/// numpy dtype, shape and element bit patterns (see the script's docstring).
struct ProbeDescription {
    struct Tensor {
        let dtype: String
        let shape: [Int]
        let bits: [UInt64]
        /// numpy's conversion of a floating tensor to float32.
        let float32Bits: [UInt32]?
        /// numpy's rounding of a float32 tensor to float16.
        let float16Bits: [UInt16]?
    }

    let metadata: [String: String]
    let tensors: [String: Tensor]

    init(_ json: [String: Any]) throws {
        func patterns(_ value: Any?) throws -> [UInt64] {
            guard let bits = value as? [String: Any], let size = bits["size"] as? Int, [1, 2, 4, 8].contains(size),
                  let text = bits["base64"] as? String, let data = Data(base64Encoded: text) else {
                throw TestPython.Failure(description: "no bit patterns in \(String(describing: value).prefix(200))")
            }
            let bytes = [UInt8](data)
            return stride(from: 0, to: bytes.count, by: size).map { start in
                var value: UInt64 = 0
                for index in 0..<size { value |= UInt64(bytes[start + index]) << (8 * UInt64(index)) }
                return value
            }
        }
        metadata = json["metadata"] as? [String: String] ?? [:]
        var tensors: [String: Tensor] = [:]
        for (name, value) in json["tensors"] as? [String: [String: Any]] ?? [:] {
            tensors[name] = Tensor(dtype: value["dtype"] as? String ?? "?", shape: value["shape"] as? [Int] ?? [-1],
                                   bits: try patterns(value["bits"]),
                                   float32Bits: try value["float32_bits"].map { try patterns($0).map { UInt32($0) } },
                                   float16Bits: try value["float16_bits"].map { try patterns($0).map { UInt16($0) } })
        }
        self.tensors = tensors
    }

    /// `python3 Tests/Python/safetensors_probe.py command arguments...`, parsed.
    static func run(_ command: String, _ arguments: String...) throws -> ProbeDescription {
        try ProbeDescription(TestPython.jsonObject([TestPython.script("safetensors_probe.py"), command] + arguments))
    }
}

extension StoredTensor {
    /// The bit patterns of the values as held in memory (Float bits, or Int64 bits).
    var memoryBits: [UInt64] {
        switch elements {
        case .float(let values): values.map { UInt64($0.bitPattern) }
        case .int64(let values): values.map { UInt64(bitPattern: $0) }
        }
    }
}
