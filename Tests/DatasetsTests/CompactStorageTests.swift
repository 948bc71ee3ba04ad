@testable import Datasets
import TensorCore
import XCTest

/// Byte-backed data sets (pixels kept as `UInt8`) against the same data held as `Float`s.
final class CompactStorageTests: XCTestCase {
    static let shape = [60, 1, 6, 6]
    /// Seeded pseudo-random pixels with plenty of zeros and 255s, like real images.
    static let pixels: [UInt8] = {
        var rng = RandomGenerator(seed: 11)
        return (0..<(60 * 36)).map { _ in
            let r = rng.next() % 400
            return r < 120 ? 0 : r > 360 ? 255 : UInt8(r % 256)
        }
    }()
    static let labels = Tensor(shape: [60], storage: (0..<60).map { Float(($0 * 7) % 5) })
    static let classes = ["a", "b", "c", "d", "e"]

    let bytes = Dataset(name: "px", bytes: pixels, shape: shape, targets: labels, classNames: classes)
    /// The same pixels scaled the way IDX images always were: `Float(byte) * (1 / 255)`.
    let floats = Dataset(name: "px", inputs: Tensor(shape: shape, storage: pixels.map { Float($0) * (1.0 / 255.0) }),
                         targets: labels, classNames: classes)

    private func bits(_ tensor: Tensor) -> [UInt32] { tensor.storage.map(\.bitPattern) }

    private func assertSameBatches(_ a: Dataset, _ b: Dataset, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        let order = Array((0..<a.count).reversed()) + [0, 0]
        let (x, y) = (a.batch(at: order), b.batch(at: order))
        XCTAssertEqual(x.inputs.shape, y.inputs.shape, file: file, line: line)
        assertBitIdentical(x.inputs, y.inputs, file: file, line: line)
        XCTAssertEqual(x.targets, y.targets, file: file, line: line)
        assertBitIdentical(a.inputs, b.inputs, file: file, line: line)
    }

    private func assertBitIdentical(_ a: Tensor, _ b: Tensor, file: StaticString, line: UInt) {
        let (p, q) = (bits(a), bits(b))
        let first = p.indices.first { $0 >= q.count || p[$0] != q[$0] }
        XCTAssertTrue(p.count == q.count && first == nil,
                      "inputs differ at value \(first ?? -1): \(first.map { a.storage[$0] } ?? 0) vs \(first.map { b.storage[$0] } ?? 0)",
                      file: file, line: line)
    }

    func testByteBatchesEqualFloatBatchesBitForBitBeforeAndAfterNormalisation() {
        XCTAssertTrue(bytes.storesBytes)
        XCTAssertFalse(floats.storesBytes)
        assertSameBatches(bytes, floats)
        let transform = Normalization(mean: 0.2860, std: 0.3530)
        assertSameBatches(transform.applied(to: bytes), transform.applied(to: floats))
        // Applied twice, the byte table follows the same two roundings as the floats.
        assertSameBatches(transform.applied(to: transform.applied(to: bytes)),
                          transform.applied(to: transform.applied(to: floats)))
        XCTAssertEqual(bytes.inputs.storage[37], Float(Self.pixels[37]) / 255, accuracy: 1e-7)
    }

    func testStatisticsFromTheByteHistogramMatchTheFloatSums() throws {
        let a = Normalization.computed(from: bytes), b = Normalization.computed(from: floats)
        XCTAssertEqual(a.mean, b.mean, accuracy: 1e-6)
        XCTAssertEqual(a.std, b.std, accuracy: 1e-6)
        let subset = [5, 9, 9, 30, 59]
        let c = Normalization.computed(from: bytes.subset(subset)), d = Normalization.computed(from: floats.subset(subset))
        XCTAssertEqual(c.mean, d.mean, accuracy: 1e-6)
        XCTAssertEqual(c.std, d.std, accuracy: 1e-6)
        XCTAssertNotEqual(c.mean, a.mean, accuracy: 1e-3, "only the subset's pixels count")
        let constant = Dataset(name: "c", bytes: [UInt8](repeating: 7, count: 12), shape: [3, 4], targets: Tensor(shape: [3]))
        XCTAssertEqual(Normalization.computed(from: constant), Normalization(mean: Float(7) * (1.0 / 255.0), std: 1))
    }

    func testBundlesOfBytesAndFloatsGiveTheSameBatchesAndStandardisedTraining() throws {
        let a = try DataBundle(dataset: bytes, validationFraction: 0.2, seed: 4, classes: [4, 1, 2])
        let b = try DataBundle(dataset: floats, validationFraction: 0.2, seed: 4, classes: [4, 1, 2])
        XCTAssertEqual(a.normalization.mean, b.normalization.mean, accuracy: 1e-6)
        XCTAssertEqual(a.normalization.std, b.normalization.std, accuracy: 1e-6)
        let stats = Normalization.computed(from: a.train)
        XCTAssertEqual(stats.mean, 0, accuracy: 1e-5)
        XCTAssertEqual(stats.std, 1, accuracy: 1e-5)
        // With one transform for both, the batches are bit-identical.
        let split = try DataSplit(bytes.filteringClasses([4, 1, 2]), validationFraction: 0.2, seed: 4)
        let floatSplit = try DataSplit(floats.filteringClasses([4, 1, 2]), validationFraction: 0.2, seed: 4)
        assertSameBatches(a.normalization.applied(to: split.train), a.normalization.applied(to: floatSplit.train))
        assertSameBatches(a.normalization.applied(to: split.valid), a.normalization.applied(to: floatSplit.valid))
        let loaderA = try a.trainLoader(batchSize: 7, seed: 2), loaderB = try b.trainLoader(batchSize: 7, seed: 2)
        for (x, y) in zip(loaderA.batches(epoch: 1), loaderB.batches(epoch: 1)) {
            XCTAssertEqual(x.targets, y.targets)
            XCTAssertEqual(x.inputs.shape, y.inputs.shape)
        }
    }

    func testSplitsFiltersAndSubsetsOfBytesShareThePixelsAndCompactCopiesOnce() throws {
        let split = try DataSplit(bytes, validationFraction: 0.25, seed: 3, limit: 20)
        let filtered = try split.train.filteringClasses([3, 0])
        let subset = filtered.subset([2, 0])
        for view in [split.train, split.valid, filtered, subset] {
            XCTAssertTrue(view.storesBytes)
            XCTAssertEqual(pixelAddress(view), pixelAddress(bytes), "a view must not copy the pixels")
        }
        XCTAssertEqual(split.train.count, 20)
        XCTAssertEqual(split.train.selection, split.trainIndices)
        // The views hold the same examples as the Float path, which copies.
        let floatSplit = try DataSplit(floats, validationFraction: 0.25, seed: 3, limit: 20)
        let floatFiltered = try floatSplit.train.filteringClasses([3, 0])
        assertSameBatches(split.train, floatSplit.train)
        assertSameBatches(filtered, floatFiltered)
        assertSameBatches(subset, floatFiltered.subset([2, 0]))
        XCTAssertEqual(filtered.classNames, ["d", "a"])
        XCTAssertNil(floatSplit.train.selection, "Float subsets stay compact")

        let compact = subset.compacted()
        XCTAssertNil(compact.selection)
        XCTAssertNotEqual(pixelAddress(compact), pixelAddress(bytes))
        if case .bytes(let kept, _) = compact.store.values { XCTAssertEqual(kept.count, 2 * 36) } else { XCTFail("bytes expected") }
        assertSameBatches(compact, subset)
    }

    func testSettingInputsReplacesBytesWithFloats() {
        var data = bytes.subset([1, 2])
        data.inputs = Tensor(shape: [2, 3], storage: [1, 2, 3, 4, 5, 6])
        XCTAssertFalse(data.storesBytes)
        XCTAssertEqual(data.exampleShape, [3])
        XCTAssertEqual(data.batch(at: [1]).inputs.storage, [4, 5, 6])
    }

    private func pixelAddress(_ data: Dataset) -> UnsafeRawPointer? {
        guard case .bytes(let pixels, _) = data.store.values else { return nil }
        return pixels.withUnsafeBytes { $0.baseAddress }
    }
}
