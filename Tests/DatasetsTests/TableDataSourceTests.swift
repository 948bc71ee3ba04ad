import Datasets
import TensorCore
import XCTest

/// `TableDataSource` through the registry: found from the path, standardised per feature from
/// the training split only, missing cells filled from the training split's statistics.
final class TableDataSourceTests: XCTestCase {
    /// 40 rows: `a` grows with the row, `b` is 100 times it, the label alternates; rows 3, 8 and
    /// 17 have no `a`.
    private func writeTable(_ files: TestFiles, name: String = "points.csv", missing: Set<Int> = []) throws -> String {
        var lines = ["a,b,label"]
        for row in 0..<40 {
            let a = missing.contains(row) ? "" : "\(Float(row) * 0.5)"
            lines.append("\(a),\(row * 100),\(row % 2 == 0 ? "even" : "odd")")
        }
        return try files.writeRaw(name, Array((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// The raw rows of the training split the bundle of `request` holds, in its order.
    private func trainRows(count: Int, request: DataRequest) throws -> [Int] {
        let indices = Dataset(name: "rows", inputs: Tensor(shape: [count, 1], storage: (0..<count).map(Float.init)),
                              targets: Tensor(shape: [count], storage: (0..<count).map { Float($0 % 2) }), classNames: ["0", "1"])
        return try DataSplit(indices, validationFraction: request.validationFraction, seed: request.splitSeed,
                             limit: request.trainLimit).trainIndices
    }

    func testTheRegistryPicksTheTableFromItsPath() throws {
        let files = try TestFiles(self)
        let path = try writeTable(files)
        XCTAssertEqual(try DataSourceRegistry.builtIn.source(for: DataRequest(location: path)).name, "csv")
        XCTAssertTrue(TableDataSource().recognizes(path: files.path("x.TSV")) == false, "only files that exist")
        _ = try files.writeRaw("x.TSV", [])
        XCTAssertTrue(TableDataSource().recognizes(path: files.path("x.TSV")))
        XCTAssertFalse(TableDataSource().recognizes(path: files.directory))
    }

    func testStandardisesEachFeatureWithTheTrainingSplitOnly() throws {
        let files = try TestFiles(self)
        let request = DataRequest(location: try writeTable(files), validationFraction: 0.25, splitSeed: 5)
        let bundle = try DataSourceRegistry.builtIn.load(request)
        XCTAssertEqual(bundle.name, "points")
        XCTAssertEqual(bundle.classNames, ["even", "odd"])
        XCTAssertEqual(bundle.train.count, 30)
        XCTAssertEqual(bundle.valid.count, 10)
        XCTAssertEqual(bundle.train.exampleShape, [2])
        let rows = try trainRows(count: 40, request: request)
        for (feature, scale) in [(0, 0.5), (1, 100.0)] {
            let values = rows.map { Double($0) * scale }
            let mean = values.reduce(0, +) / Double(values.count)
            let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
            XCTAssertEqual(Double(bundle.normalization.means[feature]), mean, accuracy: 1e-3 * scale)
            XCTAssertEqual(Double(bundle.normalization.stds[feature]), std, accuracy: 1e-3 * scale)
            XCTAssertNotEqual(Double(bundle.normalization.means[feature]), 19.5 * scale, accuracy: 1e-4,
                              "not the mean of all 40 rows")
        }
        let standardised = Normalization.computedPerChannel(from: bundle.train)
        for feature in 0..<2 {
            XCTAssertEqual(standardised.means[feature], 0, accuracy: 1e-5)
            XCTAssertEqual(standardised.stds[feature], 1, accuracy: 1e-5)
        }
        XCTAssertEqual(bundle.provenance.features, ["a", "b"])
        XCTAssertEqual(bundle.provenance.labelColumn, "label")
        XCTAssertEqual(bundle.provenance.source, "csv")
        XCTAssertNil(bundle.provenance.filledCells)
    }

    func testMissingCellsAreRefusedOrFilledWithTheTrainingSplitsMeanOrMedian() throws {
        let files = try TestFiles(self)
        let missing: Set<Int> = [3, 8, 17]
        let path = try writeTable(files, missing: missing)
        assertThrowsMessage(try DataSourceRegistry.builtIn.load(DataRequest(location: path)),
                            contains: ["points.csv, line 5 (data row 4), column \"a\"", "the cell is empty", "fillMissing"])
        for fill in MissingValueFill.allCases {
            let request = DataRequest(location: path, options: ["fillMissing": fill.rawValue], validationFraction: 0.25, splitSeed: 2)
            let bundle = try DataSourceRegistry.builtIn.load(request)
            let rows = try trainRows(count: 40, request: request)
            let present = rows.filter { !missing.contains($0) }.map { Float($0) * 0.5 }.sorted()
            let expected: Float = fill == .mean
                ? present.reduce(0, +) / Float(present.count)
                : (present.count % 2 == 1 ? present[present.count / 2]
                   : (present[present.count / 2 - 1] + present[present.count / 2]) / 2)
            let inputs = bundle.train.inputs.storage
            var checked = 0
            for (position, row) in rows.enumerated() where missing.contains(row) {
                let raw = inputs[position * 2] * bundle.normalization.stds[0] + bundle.normalization.means[0]
                XCTAssertEqual(raw, expected, accuracy: 1e-4, "\(fill) of the training split's values of `a`")
                checked += 1
            }
            XCTAssertGreaterThan(checked, 0, "a missing cell is in the training split")
            XCTAssertFalse(bundle.valid.inputs.storage.contains { $0.isNaN }, "validation cells are filled too")
            XCTAssertEqual(bundle.provenance.filledCells, 3)
            XCTAssertEqual(bundle.provenance.fillMissing, fill.rawValue)
        }
        XCTAssertEqual(MissingValueFill.median.statistic(of: [5, 1, 3, 100]), 4)
        XCTAssertEqual(MissingValueFill.mean.statistic(of: [5, 1, 3, 100]), 27.25)
        assertThrowsMessage(try DataSourceRegistry.builtIn.load(DataRequest(location: path, options: ["fillMissing": "zero"])),
                            contains: ["'zero'", "`DataRequest.options[\"fillMissing\"]`", "mean or median"])
    }

    func testAColumnWithoutTrainingValuesAndASingleClassAreRefused() throws {
        let files = try TestFiles(self)
        let empty = try files.writeRaw("empty.csv", Array("a,b,label\n,1,x\n,2,y\n,3,x\n,4,y\n".utf8))
        assertThrowsMessage(try DataSourceRegistry.builtIn.load(DataRequest(location: empty, options: ["fillMissing": "mean"])),
                            contains: ["empty.csv, column \"a\"", "no training example has a value"])
        let single = try files.writeRaw("one.csv", Array("a,label\n1,x\n2,x\n".utf8))
        assertThrowsMessage(try DataSourceRegistry.builtIn.load(DataRequest(location: single)),
                            contains: ["one.csv, column \"label\"", "one class", "`DataRequest.options[\"labelColumn\"]`"])
    }
}
