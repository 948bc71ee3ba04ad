import Training
import XCTest
@testable import Recorders

final class RecorderRegistryTests: XCTestCase {
    private let registry = RecorderRegistry.builtIn

    func testParsesListsAndNoneInRegistryOrder() throws {
        XCTAssertEqual(try registry.parseSelection("csv,json,svg"), ["csv", "json", "svg"])
        XCTAssertEqual(try registry.parseSelection(" SVG , csv"), ["csv", "svg"])
        XCTAssertEqual(try registry.parseSelection("csv,csv"), ["csv"])
        XCTAssertEqual(try registry.parseSelection("none"), [])
        XCTAssertEqual(registry.defaultSelection, ["csv", "svg"])
    }

    func testBadNamesListTheRegisteredOnes() {
        XCTAssertThrowsError(try registry.parseSelection("csv,xml")) { error in
            XCTAssertEqual(String(describing: error),
                           "invalid value 'csv,xml' for `records`: unknown recorder 'xml'; use a comma-separated list of "
                               + "csv, json, svg, tensorboard, or none")
        }
        XCTAssertThrowsError(try registry.parseSelection("csv,none"))
        XCTAssertThrowsError(try registry.parseSelection(""))
        XCTAssertThrowsError(try registry.parseSelection("csv,,json"))
    }

    func testMakesTheSelectedRecordersPlusTheManifest() throws {
        let out = try TinyRun.temporaryFolder()
        let info = RunInfo(kind: .lrFind, model: "mlp", batchSize: 8, seed: 0)
        let context = RecorderContext(directory: try RunDirectory.create(in: out, id: info.runID), info: info)
        let none = try registry.makeRecorders([], for: context)
        XCTAssertEqual(none.callbacks.count, 1)
        XCTAssertTrue(none.callbacks[0] === none.manifest)
        let all = try registry.makeRecorders(["csv", "json", "svg"], for: context)
        XCTAssertEqual(all.callbacks.count, 4)
        XCTAssertEqual(all.first(CSVRecorder.self)?.writesEpochs, false, "range tests have no epochs.csv")
        XCTAssertEqual(all.first(SVGPlotRecorder.self)?.style, .lossAgainstLR)
        XCTAssertNotNil(all.first(JSONEventRecorder.self))
        XCTAssertThrowsError(try registry.makeRecorders(["xml"], for: context)) { error in
            XCTAssertEqual(String(describing: error), "unknown recorder 'xml': the registered recorders are csv, json, svg, tensorboard")
        }
    }

    func testARegisteredFactoryIsSelectableAndReplacesOneOfTheSameName() throws {
        struct MarkerFactory: RecorderFactory {
            let name: String
            var summary: String { "marker.txt" }
            func makeRecorder(for run: RecorderContext) throws -> any Callback { MarkerRecorder(directory: run.directory) }
        }
        var custom = registry
        custom.register(MarkerFactory(name: "marker"))
        XCTAssertEqual(custom.names, ["csv", "json", "svg", "tensorboard", "marker"])
        XCTAssertEqual(try custom.parseSelection("marker,csv"), ["csv", "marker"])
        custom.register(MarkerFactory(name: "csv"))
        XCTAssertEqual(custom.names, ["json", "svg", "tensorboard", "marker", "csv"])

        let out = try TinyRun.temporaryFolder()
        let info = RunInfo(kind: .fit, model: "mlp", batchSize: 8, seed: 0)
        let set = try custom.makeRecorders(["csv"], for: RecorderContext(directory: try RunDirectory.create(in: out, id: info.runID), info: info))
        XCTAssertTrue(set.recorders.first is MarkerRecorder, "the later registration under 'csv' wins")
    }
}

/// Writes `marker.txt` when the fit ends.
private final class MarkerRecorder: Callback {
    let directory: RunDirectory
    init(directory: RunDirectory) { self.directory = directory }
    func afterFit(_ learner: Learner) throws { try directory.write("done\n", to: "marker.txt") }
}
