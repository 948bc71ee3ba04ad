import Datasets
import TensorCore
import XCTest

final class DataLoaderTests: XCTestCase {
    let indexed = Dataset(name: "indexed", inputs: Tensor(shape: [103, 2], storage: (0..<206).map { Float($0 / 2) }),
                          targets: Tensor(shape: [103], storage: (0..<103).map(Float.init)))

    private func epochExamples(_ loader: DataLoader, epoch: Int) -> [Int] {
        loader.batches(epoch: epoch).flatMap { batch -> [Int] in
            XCTAssertEqual(batch.inputs.shape, [batch.count, 2])
            return batch.targets.storage.map(Int.init)
        }
    }

    func testEveryExampleOncePerEpochWithInputsMatchingTargets() {
        let loader = DataLoader(dataset: indexed, batchSize: 10, shuffle: true, seed: 3)
        XCTAssertEqual(loader.batchCount, 11)
        let batches = Array(loader.batches(epoch: 0))
        XCTAssertEqual(batches.map(\.count), [Int](repeating: 10, count: 10) + [3])
        for batch in batches {
            for row in 0..<batch.count {
                XCTAssertEqual(batch.inputs.storage[2 * row], batch.targets.storage[row])
            }
        }
        let seen = epochExamples(loader, epoch: 0)
        XCTAssertEqual(seen.sorted(), Array(0..<103))
        XCTAssertNotEqual(seen, Array(0..<103))
    }

    func testSameSeedSameOrderOtherEpochOrSeedOtherOrder() {
        let a = DataLoader(dataset: indexed, batchSize: 16, shuffle: true, seed: 11)
        let b = DataLoader(dataset: indexed, batchSize: 16, shuffle: true, seed: 11)
        let c = DataLoader(dataset: indexed, batchSize: 16, shuffle: true, seed: 12)
        XCTAssertEqual(epochExamples(a, epoch: 2), epochExamples(b, epoch: 2))
        XCTAssertNotEqual(epochExamples(a, epoch: 0), epochExamples(a, epoch: 1))
        XCTAssertNotEqual(epochExamples(a, epoch: 0), epochExamples(c, epoch: 0))
        XCTAssertEqual(epochExamples(a, epoch: 1).sorted(), Array(0..<103))
    }

    func testUnshuffledLoaderKeepsOrderAndDropLastDropsTheShortBatch() {
        let plain = DataLoader(dataset: indexed, batchSize: 25, shuffle: false)
        XCTAssertEqual(epochExamples(plain, epoch: 4), Array(0..<103))
        let dropping = DataLoader(dataset: indexed, batchSize: 25, shuffle: true, seed: 1, dropLast: true)
        XCTAssertEqual(dropping.batchCount, 4)
        XCTAssertEqual(Set(epochExamples(dropping, epoch: 0)).count, 100)
    }

    func testBundleLoadersCoverTrainAndValidation() throws {
        let bundle = try DataBundle(dataset: try SyntheticData.blobs(count: 90, classes: 3, features: 2, seed: 1),
                                    validationFraction: 0.2, seed: 0)
        let train = try bundle.trainLoader(batchSize: 8, seed: 5)
        XCTAssertEqual(train.batches(epoch: 0).reduce(0) { $0 + $1.count }, 72)
        let valid = try bundle.validLoader(batchSize: 8)
        XCTAssertFalse(valid.shuffle)
        XCTAssertEqual(valid.batches(epoch: 0).reduce(0) { $0 + $1.count }, 18)
    }
}
