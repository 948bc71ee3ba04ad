import Datasets
import TensorCore
import XCTest

/// Per-channel standardisation: each channel of an image (or feature of a table) gets its own
/// training statistics, while one-channel data keeps exactly the transform it always had.
final class PerChannelNormalizationTests: XCTestCase {
    /// 6 examples of 3 channels of 2x2 bytes; channel c holds values around 40 * (c + 1) with
    /// a spread growing with c.
    private func rgbBytes() -> (bytes: [UInt8], count: Int) {
        var bytes: [UInt8] = []
        for example in 0..<6 {
            for channel in 0..<3 {
                for pixel in 0..<4 { bytes.append(UInt8(40 * (channel + 1) + (example * 4 + pixel) * (channel + 1) % 37)) }
            }
        }
        return (bytes, 6)
    }

    func testEachChannelGetsItsOwnStatisticsForBytesAndFloats() throws {
        let (bytes, count) = rgbBytes()
        let targets = Tensor(shape: [count], storage: (0..<count).map { Float($0 % 2) })
        let byteData = Dataset(name: "rgb", bytes: bytes, shape: [count, 3, 2, 2], targets: targets, classNames: ["a", "b"])
        let floatData = Dataset(name: "rgb", inputs: Tensor(shape: [count, 3, 2, 2], storage: bytes.map { Float($0) / 255 }),
                                targets: targets, classNames: ["a", "b"])
        let stats = Normalization.computedPerChannel(from: byteData)
        XCTAssertEqual(stats.means.count, 3)
        for channel in 0..<3 {
            var values: [Double] = []
            for example in 0..<count {
                for pixel in 0..<4 { values.append(Double(Float(bytes[example * 12 + channel * 4 + pixel]) * (1.0 / 255.0))) }
            }
            let mean = values.reduce(0, +) / Double(values.count)
            let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
            XCTAssertEqual(Double(stats.means[channel]), mean, accuracy: 1e-6)
            XCTAssertEqual(Double(stats.stds[channel]), std, accuracy: 1e-6)
        }
        XCTAssertNotEqual(stats.means[0], stats.means[2], accuracy: 0.05, "the channels differ")
        let floatStats = Normalization.computedPerChannel(from: floatData)
        for channel in 0..<3 {
            XCTAssertEqual(floatStats.means[channel], stats.means[channel], accuracy: 1e-6)
            XCTAssertEqual(floatStats.stds[channel], stats.stds[channel], accuracy: 1e-6)
        }
        // Applied, every channel has mean 0 and std 1, and bytes decode to what floats compute.
        let standardised = stats.applied(to: byteData)
        XCTAssertTrue(standardised.storesBytes, "bytes stay bytes: only the tables change")
        let after = Normalization.computedPerChannel(from: standardised)
        for channel in 0..<3 {
            XCTAssertEqual(after.means[channel], 0, accuracy: 1e-5)
            XCTAssertEqual(after.stds[channel], 1, accuracy: 1e-5)
        }
        let viaFloats = stats.applied(to: floatData).inputs.storage
        for (a, b) in zip(standardised.inputs.storage, viaFloats) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        // A subset's batch decodes through the same per-channel tables.
        let subset = standardised.subset([4, 1])
        XCTAssertEqual(subset.batch(at: [0, 1]).inputs.storage,
                       Array(standardised.inputs.storage[48..<60]) + Array(standardised.inputs.storage[12..<24]))
    }

    func testOneChannelKeepsTheWholeExampleTransformBitForBit() throws {
        let bytes = (0..<(5 * 16)).map { UInt8(($0 * 37) % 256) }
        let targets = Tensor(shape: [5], storage: [0, 1, 0, 1, 0])
        let gray = Dataset(name: "gray", bytes: bytes, shape: [5, 1, 4, 4], targets: targets, classNames: ["a", "b"])
        XCTAssertEqual(Normalization.computedPerChannel(from: gray), Normalization.computed(from: gray))
        var bundle = try DataBundle(dataset: gray, validationFraction: 0.2, seed: 1, normalize: false)
        bundle.standardizePerChannel()
        let classic = try DataBundle(dataset: gray, validationFraction: 0.2, seed: 1)
        XCTAssertEqual(bundle.normalization, classic.normalization)
        XCTAssertEqual(bundle.train.inputs.storage.map(\.bitPattern), classic.train.inputs.storage.map(\.bitPattern))
        XCTAssertEqual(bundle.valid.inputs.storage.map(\.bitPattern), classic.valid.inputs.storage.map(\.bitPattern))
    }

    func testRGBImageFoldersAreStandardisedPerChannelFromTheTrainingSplit() throws {
        let files = try TestFiles(self)
        for k in 0..<12 { try files.writeImage("c\(k % 2)/\(k).png", width: 6, height: 6, channels: 3, seed: k) }
        let request = DataRequest(location: files.directory, options: ["cache": "none"], validationFraction: 0.25, splitSeed: 3)
        let bundle = try DataSourceRegistry.builtIn.load(request)
        XCTAssertEqual(bundle.train.exampleShape, [3, 6, 6])
        XCTAssertTrue(bundle.normalization.isPerChannel)
        let raw = try ImageFolderSource.load(root: files.directory, options: ImageFolderOptions(cache: .disabled))
        let split = try DataSplit(raw.train, validationFraction: 0.25, seed: 3)
        XCTAssertEqual(bundle.normalization, Normalization.computedPerChannel(from: split.train))
        XCTAssertNotEqual(bundle.normalization, Normalization.computedPerChannel(from: raw.train), "training examples only")
        let after = Normalization.computedPerChannel(from: bundle.train)
        for channel in 0..<3 { XCTAssertEqual(after.means[channel], 0, accuracy: 1e-5) }

        // Gray images keep one mean and std, as before.
        let grayFiles = try TestFiles(self)
        for k in 0..<8 { try grayFiles.writeImage("c\(k % 2)/\(k).png", width: 6, height: 6, channels: 1, seed: k) }
        let gray = try DataSourceRegistry.builtIn.load(DataRequest(location: grayFiles.directory, options: ["cache": "none"]))
        XCTAssertFalse(gray.normalization.isPerChannel)
    }
}
