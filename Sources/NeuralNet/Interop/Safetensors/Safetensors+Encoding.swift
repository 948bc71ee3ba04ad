extension Safetensors {
    /// The bytes of a safetensors file holding `tensors` and `metadata`.
    ///
    /// Tensors are ordered as the reference writer orders them (by element type, widest first, then
    /// by name as UTF-8 bytes), metadata keys by name; `__metadata__` is left out when empty. A
    /// tensor may not be called `__metadata__`.
    public static func encode(_ tensors: [String: StoredTensor], metadata: [String: String] = [:]) -> [UInt8] {
        precondition(tensors["__metadata__"] == nil, "`__metadata__` is reserved and cannot name a tensor")
        let ordered = tensors.sorted { left, right in
            if left.value.dtype.writeOrder != right.value.dtype.writeOrder {
                return left.value.dtype.writeOrder > right.value.dtype.writeOrder
            }
            return left.key.utf8.lexicographicallyPrecedes(right.key.utf8)
        }
        var members: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                .map { jsonString($0.key) + ":" + jsonString($0.value) }
            members.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for (name, tensor) in ordered {
            let end = offset + tensor.count * tensor.dtype.size
            members.append(jsonString(name) + ":{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":["
                           + tensor.shape.map(String.init).joined(separator: ",")
                           + "],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array(("{" + members.joined(separator: ",") + "}").utf8)
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))

        var bytes = [UInt8](repeating: 0, count: 8 + header.count + offset)
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt64(header.count).littleEndian, as: UInt64.self)
            UnsafeMutableRawBufferPointer(rebasing: raw[8..<(8 + header.count)]).copyBytes(from: header)
            var start = 8 + header.count
            for (_, tensor) in ordered {
                let size = tensor.count * tensor.dtype.size
                writeData(of: tensor, into: UnsafeMutableRawBufferPointer(rebasing: raw[start..<(start + size)]))
                start += size
            }
        }
        return bytes
    }

    /// `text` as a JSON string literal, escaped as serde_json escapes (quote, backslash, control
    /// characters); other characters are written as UTF-8.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Writes the tensor's values in its dtype, little-endian, into `out` (exactly their size).
    private static func writeData(of tensor: StoredTensor, into out: UnsafeMutableRawBufferPointer) {
        switch (tensor.elements, tensor.dtype) {
        case (.float(let values), .f32):
            #if _endian(little)
            values.withUnsafeBytes { out.copyMemory(from: $0) }
            #else
            for (i, v) in values.enumerated() { out.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self) }
            #endif
        case (.float(let values), .f64):
            for (i, v) in values.enumerated() {
                out.storeBytes(of: Double(v).bitPattern.littleEndian, toByteOffset: 8 * i, as: UInt64.self)
            }
        case (.float(let values), .f16):
            for (i, v) in values.enumerated() {
                out.storeBytes(of: HalfPrecision.half(from: v).littleEndian, toByteOffset: 2 * i, as: UInt16.self)
            }
        case (.float(let values), .bf16):
            for (i, v) in values.enumerated() {
                out.storeBytes(of: HalfPrecision.bfloat(from: v).littleEndian, toByteOffset: 2 * i, as: UInt16.self)
            }
        case (.int64(let values), .i64):
            #if _endian(little)
            values.withUnsafeBytes { out.copyMemory(from: $0) }
            #else
            for (i, v) in values.enumerated() { out.storeBytes(of: v.littleEndian, toByteOffset: 8 * i, as: Int64.self) }
            #endif
        default:
            preconditionFailure("a \(tensor.dtype.rawValue) tensor holds elements of another kind")
        }
    }
}
