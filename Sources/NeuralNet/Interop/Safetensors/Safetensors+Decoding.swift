extension Safetensors {
    /// One tensor's entry in the header, checked for form but not yet against the data buffer.
    struct HeaderEntry {
        let name: String
        let dtype: SafetensorsDType
        let shape: [Int]
        let count: Int
        let begin: Int
        let end: Int
    }

    /// Reads the bytes of a safetensors file; `path` names the file in errors.
    ///
    /// The header length is checked against the format's bound and the bytes present before the
    /// header is read, and every tensor's type, shape and offsets before any value is converted,
    /// so no claim in the file makes LRLab allocate more than the file's own size.
    public static func decode(_ bytes: [UInt8], path: String) throws(SafetensorsError) -> Safetensors {
        func malformed(_ detail: String) -> SafetensorsError { SafetensorsError(.malformed, path: path, detail) }
        guard bytes.count >= 8 else {
            throw malformed("the file has \(bytes.count) bytes, fewer than the 8 of the header length")
        }
        var claimed: UInt64 = 0
        for index in 0..<8 { claimed |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        guard claimed <= UInt64(maximumHeaderSize) else {
            throw malformed("the header length is \(claimed) bytes, more than the \(maximumHeaderSize) the format allows")
        }
        let headerSize = Int(claimed)
        guard headerSize <= bytes.count - 8 else {
            throw malformed("the header length is \(headerSize) bytes but only \(bytes.count - 8) bytes follow it "
                            + "(the file is truncated)")
        }
        let headerBytes = Array(bytes[8..<(8 + headerSize)])
        guard String(validating: headerBytes, as: UTF8.self) != nil else {
            throw malformed("the header is not valid UTF-8")
        }
        let header: HeaderJSON
        do {
            header = try HeaderJSONParser.parse(headerBytes)
        } catch {
            throw malformed("the header is not valid JSON at byte \(8 + error.offset) of the file: \(error.message)")
        }
        let (entries, metadata) = try readHeader(header, path: path)
        let dataStart = 8 + headerSize
        try checkLayout(entries, bufferSize: bytes.count - dataStart, path: path)

        var tensors: [String: StoredTensor] = [:]
        bytes.withUnsafeBytes { raw in
            for entry in entries {
                let data = UnsafeRawBufferPointer(rebasing: raw[(dataStart + entry.begin)..<(dataStart + entry.end)])
                tensors[entry.name] = convert(data, entry)
            }
        }
        return Safetensors(path: path, tensors: tensors, metadata: metadata, names: entries.map(\.name))
    }

    /// The tensor entries, ordered by offset, and the metadata of a parsed header.
    private static func readHeader(_ header: HeaderJSON, path: String)
        throws(SafetensorsError) -> ([HeaderEntry], [String: String]) {
        guard case .object(let members) = header else {
            throw malformed("the header is \(header.kindName), not a JSON object", nil, in: path)
        }
        var entries: [HeaderEntry] = []
        var seen = Set<String>()
        var metadata: [String: String] = [:]
        for (name, value) in members {
            guard seen.insert(name).inserted else {
                throw malformed(name == "__metadata__" ? "the header has two `__metadata__` objects"
                                : "the header names the tensor twice", name == "__metadata__" ? nil : name, in: path)
            }
            if name == "__metadata__" {
                metadata = try readMetadata(value, path: path)
            } else {
                entries.append(try readEntry(name, value, path: path))
            }
        }
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        return (entries, metadata)
    }

    private static func readMetadata(_ value: HeaderJSON, path: String)
        throws(SafetensorsError) -> [String: String] {
        guard case .object(let members) = value else {
            throw malformed("`__metadata__` is \(value.kindName), not an object of strings", nil, in: path)
        }
        var metadata: [String: String] = [:]
        for (key, value) in members {
            guard case .string(let text) = value else {
                throw malformed("`__metadata__` key `\(key)` holds \(value.kindName), not a string", nil, in: path)
            }
            guard metadata.updateValue(text, forKey: key) == nil else {
                throw malformed("`__metadata__` has the key `\(key)` twice", nil, in: path)
            }
        }
        return metadata
    }

    private static func readEntry(_ name: String, _ value: HeaderJSON,
                                  path: String)
        throws(SafetensorsError) -> HeaderEntry {
        guard case .object(let members) = value else {
            throw malformed("its header entry is \(value.kindName), not an object with dtype, shape and data_offsets", name, in: path)
        }
        var fields: [String: HeaderJSON] = [:]
        for (key, field) in members where fields.updateValue(field, forKey: key) != nil {
            throw malformed("its header entry has the key `\(key)` twice", name, in: path)
        }
        guard case .string(let dtypeName)? = fields["dtype"] else {
            throw malformed("its header entry needs `dtype` as a string", name, in: path)
        }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            if SafetensorsDType.unsupportedNames.contains(dtypeName) {
                throw SafetensorsError(.unsupportedDType, path: path, tensor: name, "its dtype is \(dtypeName)")
            }
            throw malformed("its dtype `\(dtypeName)` is not a safetensors dtype", name, in: path)
        }
        guard case .array(let dimensions)? = fields["shape"] else {
            throw malformed("its header entry needs `shape` as an array of sizes", name, in: path)
        }
        var shape: [Int] = []
        for dimension in dimensions {
            guard let size = nonNegativeInteger(dimension) else {
                throw malformed("its shape holds \(describe(dimension)), not a size (a non-negative integer)", name, in: path)
            }
            shape.append(size)
        }
        guard case .array(let offsets)? = fields["data_offsets"], offsets.count == 2,
              let begin = nonNegativeInteger(offsets[0]), let end = nonNegativeInteger(offsets[1]) else {
            throw malformed("its header entry needs `data_offsets` as [begin, end], two byte offsets", name, in: path)
        }
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= Int.max / 8 else {
                throw malformed("its shape \(shape) has more elements than any file can hold", name, in: path)
            }
            count = product
        }
        return HeaderEntry(name: name, dtype: dtype, shape: shape, count: count, begin: begin, end: end)
    }

    /// Checks that the entries, sorted by offset, tile the data buffer exactly: each tensor's bytes
    /// are as many as its shape and dtype need, start where the previous tensor's end, and the
    /// last one ends with the file.
    private static func checkLayout(_ entries: [HeaderEntry], bufferSize: Int,
                                    path: String) throws(SafetensorsError) {
        var position = 0
        var previous: HeaderEntry?
        for entry in entries {
            let offsets = "[\(entry.begin), \(entry.end)]"
            guard entry.begin <= entry.end else {
                throw malformed("its data_offsets \(offsets) end before they begin", entry.name, in: path)
            }
            let needed = entry.count * entry.dtype.size
            guard entry.end - entry.begin == needed else {
                throw malformed("its shape \(entry.shape) of \(entry.dtype.rawValue) needs \(needed) bytes, but its "
                                + "data_offsets \(offsets) span \(entry.end - entry.begin)", entry.name, in: path)
            }
            guard entry.end <= bufferSize else {
                throw malformed("its data_offsets \(offsets) reach past the end of the data, which has \(bufferSize) "
                                + "bytes (the file is truncated)", entry.name, in: path)
            }
            if entry.begin < position, let previous {
                throw malformed("its data_offsets \(offsets) overlap those of `\(previous.name)` "
                                + "[\(previous.begin), \(previous.end)]", entry.name, in: path)
            }
            guard entry.begin == position else {
                throw malformed("bytes \(position)..<\(entry.begin) of the data, before this tensor, belong to no tensor",
                                entry.name, in: path)
            }
            position = entry.end
            previous = entry
        }
        guard position == bufferSize else {
            throw malformed("the last \(bufferSize - position) bytes of the data belong to no tensor", nil, in: path)
        }
    }

    /// The entry's values from its bytes (little-endian, possibly unaligned).
    private static func convert(_ data: UnsafeRawBufferPointer, _ entry: HeaderEntry) -> StoredTensor {
        let n = entry.count
        switch entry.dtype {
        case .i64:
            let values = [Int64](unsafeUninitializedCapacity: n) { buffer, initialized in
                #if _endian(little)
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: data)
                #else
                for i in 0..<n { buffer[i] = Int64(littleEndian: data.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self)) }
                #endif
                initialized = n
            }
            return StoredTensor(shape: entry.shape, int64: values)
        case .f32, .f64, .f16, .bf16:
            let dtype = entry.dtype
            let values = [Float](unsafeUninitializedCapacity: n) { buffer, initialized in
                switch dtype {
                case .f32:
                    #if _endian(little)
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: data)
                    #else
                    for i in 0..<n {
                        buffer[i] = Float(bitPattern: UInt32(littleEndian: data.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                    }
                    #endif
                case .f64:
                    for i in 0..<n {
                        buffer[i] = Float(Double(bitPattern: UInt64(littleEndian: data.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
                    }
                case .f16:
                    for i in 0..<n {
                        buffer[i] = HalfPrecision.float(fromHalf: UInt16(littleEndian: data.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
                    }
                case .bf16:
                    for i in 0..<n {
                        buffer[i] = HalfPrecision.float(fromBFloat: UInt16(littleEndian: data.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
                    }
                case .i64:
                    preconditionFailure("integers are converted above")
                }
                initialized = n
            }
            return StoredTensor(shape: entry.shape, floats: values, dtype: dtype)
        }
    }

    /// The value as an `Int` if it is a JSON integer `>= 0` that fits.
    private static func nonNegativeInteger(_ value: HeaderJSON) -> Int? {
        guard case .number(let text) = value, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        return Int(text)
    }

    private static func describe(_ value: HeaderJSON) -> String {
        switch value {
        case .number(let text): text
        case .string(let text): "the string \"\(text)\""
        default: value.kindName
        }
    }
}

/// A format error in `path`, about `tensor` when given.
private func malformed(_ detail: String, _ tensor: String?, in path: String) -> SafetensorsError {
    SafetensorsError(.malformed, path: path, tensor: tensor, detail)
}
