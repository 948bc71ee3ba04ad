import Datasets
import XCTest

/// The in-place split (no second copy of the training inputs) gives what gathering copies gave.
final class DataSplitInPlaceTests: XCTestCase {
    func testInPlaceSplitEqualsGatheredSubsets() throws {
        for limit in [nil, 7, 100] as [Int?] {
            let reference = try SyntheticData.blobs(count: 53, classes: 3, features: 5, seed: 4)
            let owned = try SyntheticData.blobs(count: 53, classes: 3, features: 5, seed: 4)
            let split = try DataSplit(consume owned, validationFraction: 0.2, seed: 9, limit: limit)
            XCTAssertEqual(split.train.inputs, reference.subset(split.trainIndices).inputs)
            XCTAssertEqual(split.train.targets, reference.subset(split.trainIndices).targets)
            XCTAssertEqual(split.valid.inputs, reference.subset(split.validIndices).inputs)
            XCTAssertEqual(split.train.count, min(limit ?? .max, 53 - 11))
        }
    }
}
