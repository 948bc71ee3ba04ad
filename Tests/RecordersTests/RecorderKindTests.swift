import XCTest
@testable import Recorders

final class RecorderKindTests: XCTestCase {
    func testParsesListsAndNone() throws {
        XCTAssertEqual(try RecorderKind.parse("csv,json,svg"), [.csv, .json, .svg])
        XCTAssertEqual(try RecorderKind.parse(" SVG , csv"), [.svg, .csv])
        XCTAssertEqual(try RecorderKind.parse("none"), [])
    }

    func testBadNamesListTheValidOnes() {
        XCTAssertThrowsError(try RecorderKind.parse("csv,xml")) { error in
            XCTAssertEqual(String(describing: error),
                           "--record 'csv,xml': unknown recorder 'xml'; use a comma-separated list of csv, json, svg, or none")
        }
        XCTAssertThrowsError(try RecorderKind.parse("csv,none"))
        XCTAssertThrowsError(try RecorderKind.parse(""))
        XCTAssertThrowsError(try RecorderKind.parse("csv,,json"))
    }

    func testFactoryAlwaysIncludesTheManifest() throws {
        let out = try TinyRun.temporaryFolder()
        let info = RunInfo(kind: .lrFind, model: "mlp", batchSize: 8, seed: 0)
        let directory = try RunDirectory.create(in: out, id: info.runID)
        let none = Recorders.make([], directory: directory, info: info)
        XCTAssertEqual(none.callbacks.count, 1)
        XCTAssertTrue(none.callbacks[0] === none.manifest)
        let all = Recorders.make([.csv, .json, .svg], directory: directory, info: info)
        XCTAssertEqual(all.callbacks.count, 4)
        XCTAssertEqual(all.csv?.writesEpochs, false, "range tests have no epochs.csv")
        XCTAssertEqual(all.plot?.style, .lossAgainstLR)
    }
}
