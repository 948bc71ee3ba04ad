import TensorCore

extension Checkpoint {
    /// The complete file: header, then payload.
    static func encode(tensors: [(name: String, value: Tensor)], optimizerState: OptimizerState?,
                       metadata: [String: String]) -> [UInt8] {
        var payload = CheckpointWriter()
        payload.append(UInt32(metadata.count))
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            payload.append(key); payload.append(value)
        }
        payload.append(UInt32(tensors.count))
        for (name, value) in tensors {
            payload.append(name); payload.append(value)
        }
        if let state = optimizerState {
            payload.append(UInt8(1))
            payload.append(state.kind)
            payload.append(Int64(state.stepCount))
            payload.append(UInt32(state.hyperParameters.count))
            for values in state.hyperParameters { payload.append(floats: values) }
            payload.append(UInt32(state.slots.count))
            for (name, slot) in state.slots.sorted(by: { $0.key < $1.key }) {
                payload.append(name)
                payload.append(UInt32(slot.count))
                for tensor in slot { payload.append(tensor) }
            }
        } else {
            payload.append(UInt8(0))
        }
        var header = CheckpointWriter()
        for byte in magic { header.append(byte) }
        header.append(formatVersion)
        header.append(UInt64(payload.bytes.count))
        header.append(CRC32.checksum(payload.bytes[...]))
        return header.bytes + payload.bytes
    }
}

extension Checkpoint {
    /// Checks the header, length and checksum of a whole file, then reads its payload.
    static func decode(_ bytes: [UInt8], path: String) throws -> Checkpoint {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw CheckpointError.notACheckpoint(path: path)
        }
        guard bytes.count >= headerSize else {
            throw CheckpointError.truncated(path: path, expectedBytes: headerSize, actualBytes: bytes.count)
        }
        var header = CheckpointReader(bytes: bytes, offset: magic.count)
        let version = try header.read(UInt32.self, "the version")
        guard version == formatVersion else { throw CheckpointError.unsupportedVersion(path: path, version: version) }
        let payloadLength = try header.read(UInt64.self, "the payload length")
        let storedChecksum = try header.read(UInt32.self, "the checksum")
        let (expected, overflow) = headerSize.addingReportingOverflow(Int(clamping: payloadLength))
        guard !overflow, expected <= bytes.count else {
            throw CheckpointError.truncated(path: path, expectedBytes: overflow ? Int.max : expected,
                                            actualBytes: bytes.count)
        }
        guard expected == bytes.count else {
            throw CheckpointError.malformed(path: path, detail: "\(bytes.count - expected) unexpected bytes follow "
                                            + "the \(expected) bytes of the checkpoint")
        }
        let computed = CRC32.checksum(bytes[headerSize...])
        guard computed == storedChecksum else {
            throw CheckpointError.checksumMismatch(path: path, stored: storedChecksum, computed: computed)
        }
        do {
            return try decodePayload(CheckpointReader(bytes: bytes, offset: headerSize), path: path)
        } catch let failure as CheckpointReader.Failure {
            throw CheckpointError.malformed(path: path, detail: failure.message)
        }
    }

    private static func decodePayload(_ reader: CheckpointReader, path: String) throws -> Checkpoint {
        var reader = reader
        var metadata: [String: String] = [:]
        for index in 0..<(try reader.readCount("the metadata", elementSize: 8)) {
            let key = try reader.readString("metadata key \(index)")
            metadata[key] = try reader.readString("metadata `\(key)`")
        }
        var tensors: [(name: String, value: Tensor)] = []
        for index in 0..<(try reader.readCount("the tensor list", elementSize: 8)) {
            let name = try reader.readString("the name of tensor \(index)")
            tensors.append((name, try reader.readTensor("tensor `\(name)`")))
        }
        var optimizerState: OptimizerState?
        switch try reader.read(UInt8.self, "the optimizer flag") {
        case 0: optimizerState = nil
        case 1: optimizerState = try decodeOptimizerState(&reader)
        case let flag: throw CheckpointReader.Failure(message: "the optimizer flag is \(flag), not 0 or 1")
        }
        guard reader.remaining == 0 else {
            throw CheckpointReader.Failure(message: "\(reader.remaining) bytes follow the optimizer state")
        }
        return Checkpoint(path: path, tensors: tensors, optimizerState: optimizerState, metadata: metadata)
    }

    private static func decodeOptimizerState(_ reader: inout CheckpointReader) throws -> OptimizerState {
        let kind = try reader.readString("the optimizer kind")
        let stepCount = try reader.read(Int64.self, "the optimizer step count")
        var hyperParameters: [[Float]] = []
        for index in 0..<(try reader.readCount("the parameter groups", elementSize: 4)) {
            hyperParameters.append(try reader.readFloats("the hyper-parameters of group \(index)"))
        }
        var slots: [String: [Tensor]] = [:]
        for index in 0..<(try reader.readCount("the optimizer slots", elementSize: 8)) {
            let name = try reader.readString("the name of optimizer slot \(index)")
            var tensors: [Tensor] = []
            for position in 0..<(try reader.readCount("slot `\(name)`", elementSize: 4)) {
                tensors.append(try reader.readTensor("tensor \(position) of slot `\(name)`"))
            }
            slots[name] = tensors
        }
        return OptimizerState(kind: kind, stepCount: Int(stepCount), hyperParameters: hyperParameters, slots: slots)
    }
}
