import Datasets
import Foundation
import XCTest

/// Checks against the real data of the Debian package `dataset-fashion-mnist`.
final class FashionMNISTRealDataTests: XCTestCase {
    private func requireRealData() throws {
        let images = FashionMNIST.defaultDirectory + "/train-images-idx3-ubyte.gz"
        let rawImages = FashionMNIST.defaultDirectory + "/train-images-idx3-ubyte"
        guard FileManager.default.fileExists(atPath: images) || FileManager.default.fileExists(atPath: rawImages) else {
            throw XCTSkip("Fashion-MNIST is not installed in \(FashionMNIST.defaultDirectory): "
                          + "install it with `apt-get install dataset-fashion-mnist`")
        }
    }

    func testTrainAndTestSplitsHaveThePublishedCountsAndBalancedClasses() throws {
        try requireRealData()
        let start = Date()
        let train = try FashionMNIST.load(split: .train)
        let seconds = Date().timeIntervalSince(start)
        print("Fashion-MNIST train split loaded in \(String(format: "%.3f", seconds)) s (this build configuration)")
        XCTAssertEqual(train.inputs.shape, [60000, 1, 28, 28])
        XCTAssertEqual(train.classCounts(), [Int](repeating: 6000, count: 10))
        XCTAssertEqual(train.targets.storage[0], 9, "the first training image is an ankle boot")
        XCTAssertEqual(train.targets.storage[1], 0, "the second training image is a T-shirt/top")

        let test = try FashionMNIST.load(split: .test)
        XCTAssertEqual(test.inputs.shape, [10000, 1, 28, 28])
        XCTAssertEqual(test.classCounts(), [Int](repeating: 1000, count: 10))
        XCTAssertEqual(test.targets.storage[0], 9)

        // The conventional statistics of the training pixels in 0...1.
        let stats = Normalization.computed(from: train)
        XCTAssertEqual(stats.mean, 0.2860, accuracy: 0.0005)
        XCTAssertEqual(stats.std, 0.3530, accuracy: 0.0005)
    }

    func testDataLoadingBenchmarkGathersOneEpochOfTheSplit() throws {
        try requireRealData()
        let result = try DataLoadingBenchmark(batchSize: 64).run()
        XCTAssertEqual(result.trainCount + result.validationCount, 60000)
        XCTAssertEqual(result.validationCount, 6000, "the default validation fraction is 0.1")
        XCTAssertEqual(result.batches, (result.trainCount + 63) / 64, "the last, shorter batch is kept")
        XCTAssertEqual(result.examples, result.trainCount, "one epoch gathers every training example once")
        XCTAssertEqual(result.mean, 0.2860, accuracy: 0.002)
        XCTAssertGreaterThan(result.bundleSeconds, 0)
        XCTAssertGreaterThan(result.epochSeconds, 0)
    }

    func testBundleWithTrainLimitIsStandardisedAndReproducible() throws {
        try requireRealData()
        let bundle = try DataBundle.fashionMNIST(validationFraction: 0.1, seed: 0, trainLimit: 2000)
        XCTAssertEqual(bundle.train.count, 2000)
        XCTAssertEqual(bundle.valid.count, 6000)
        XCTAssertEqual(bundle.path, FashionMNIST.defaultDirectory)
        let trainStats = Normalization.computed(from: bundle.train)
        XCTAssertEqual(trainStats.mean, 0, accuracy: 1e-4)
        XCTAssertEqual(trainStats.std, 1, accuracy: 1e-4)
        XCTAssertEqual(bundle.normalization.mean, 0.286, accuracy: 0.01)
        let again = try DataBundle.fashionMNIST(validationFraction: 0.1, seed: 0, trainLimit: 2000)
        XCTAssertEqual(again.train.inputs, bundle.train.inputs)
        XCTAssertEqual(again.valid.targets, bundle.valid.targets)
    }
}
