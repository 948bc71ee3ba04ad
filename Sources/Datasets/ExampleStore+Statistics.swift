extension ExampleStore {
    /// The mean and population variance, in `Double`, of the decoded values of the examples at
    /// `rows` (store indices, in range; all examples when nil), and how many values that is.
    ///
    /// Floats are summed one by one in two passes. Bytes are counted into a histogram and the 256
    /// decoded values weighted by their counts (exact products in `Double`), so the statistics of
    /// 42 M pixels cost one pass over the bytes.
    func moments(rows: [Int]?) -> (mean: Double, variance: Double, valueCount: Int) {
        moments(rows: rows, channel: 0, of: 1)
    }

    /// The mean and population variance of channel `channel` of `channels` (equal consecutive
    /// parts of every example: the first axis of its shape), as `moments(rows:)` computes them;
    /// a byte store with one table per channel decodes the channel's bytes through its own table.
    func moments(rows: [Int]?, channel: Int, of channels: Int) -> (mean: Double, variance: Double, valueCount: Int) {
        precondition(channels >= 1 && stride % channels == 0 && channel >= 0 && channel < channels,
                     "channel \(channel) of \(channels) in examples of \(stride) values")
        let plane = stride / channels
        let offsets = (channel * plane)..<((channel + 1) * plane)
        let exampleTotal = rows?.count ?? exampleCount
        let valueCount = exampleTotal * plane
        guard valueCount > 0 else { return (0, 1, 0) }
        switch values {
        case .floats(let tensor):
            return tensor.storage.withUnsafeBufferPointer { source in
                let base = source.baseAddress!
                var sum = 0.0
                forEachExample(rows) { start in
                    for k in offsets { sum += Double(base[start + k]) }
                }
                let mean = sum / Double(valueCount)
                var squares = 0.0
                forEachExample(rows) { start in
                    for k in offsets {
                        let d = Double(base[start + k]) - mean
                        squares += d * d
                    }
                }
                return (mean, squares / Double(valueCount), valueCount)
            }
        case .bytes(let bytes, let tables):
            let counts = byteHistogram(bytes, rows: rows, offsets: offsets)
            let decoded = tables.count == 256 ? tables[...] : tables[(256 * channel)..<(256 * channel + 256)]
            let first = decoded.startIndex
            var sum = 0.0
            for b in 0..<256 { sum += Double(counts[b]) * Double(decoded[first + b]) }
            let mean = sum / Double(valueCount)
            var squares = 0.0
            for b in 0..<256 where counts[b] > 0 {
                let d = Double(decoded[first + b]) - mean
                squares += Double(counts[b]) * d * d
            }
            return (mean, squares / Double(valueCount), valueCount)
        }
    }

    /// Calls `body` with the offset of the first value of each example of `rows` (all when nil).
    @inline(__always)
    private func forEachExample(_ rows: [Int]?, _ body: (Int) -> Void) {
        if let rows {
            for row in rows { body(row * stride) }
        } else {
            for row in 0..<exampleCount { body(row * stride) }
        }
    }

    /// How often each byte value occurs at `offsets` of the examples at `rows` (all when nil),
    /// counted in four interleaved histograms so that runs of equal bytes do not wait on one counter.
    private func byteHistogram(_ bytes: [UInt8], rows: [Int]?, offsets: Range<Int>) -> [Int] {
        var lanes = [Int](repeating: 0, count: 4 * 256)
        bytes.withUnsafeBufferPointer { source in
            lanes.withUnsafeMutableBufferPointer { lanes in
                let (c0, c1, c2, c3) = (lanes.baseAddress!, lanes.baseAddress! + 256,
                                        lanes.baseAddress! + 512, lanes.baseAddress! + 768)
                let base = source.baseAddress!
                let count = offsets.count, quads = count / 4
                forEachExample(rows) { start in
                    let p = base + start + offsets.lowerBound
                    for q in 0..<quads {
                        c0[Int(p[4 * q])] += 1
                        c1[Int(p[4 * q + 1])] += 1
                        c2[Int(p[4 * q + 2])] += 1
                        c3[Int(p[4 * q + 3])] += 1
                    }
                    for k in (4 * quads)..<count { c0[Int(p[k])] += 1 }
                }
            }
        }
        return (0..<256).map { lanes[$0] + lanes[256 + $0] + lanes[512 + $0] + lanes[768 + $0] }
    }
}
