import ArtifactSchema
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
import Charts
import Training
@testable import Recorders

final class SVGPlotRecorderTests: XCTestCase {
    /// Element names of a well-formed XML document, or a failure. Parser errors are counted by
    /// the delegate too: Linux's `XMLParser.parse()` can return true after a missing end tag.
    private func elements(_ text: String) throws -> [String] {
        final class Collector: NSObject, XMLParserDelegate {
            var names: [String] = []
            var depth = 0
            var errors: [Error] = []
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                        qualifiedName: String?, attributes: [String: String] = [:]) {
                names.append(name)
                depth += 1
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                depth -= 1
            }
            func parser(_ parser: XMLParser, parseErrorOccurred error: Error) { errors.append(error) }
        }
        let parser = XMLParser(data: Data(text.utf8))
        let collector = Collector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))")
        XCTAssertTrue(collector.errors.isEmpty, "XML errors: \(collector.errors)")
        XCTAssertEqual(collector.depth, 0, "unbalanced elements")
        return collector.names
    }

    func testTheXMLCheckRejectsBrokenDocuments() throws {
        let parser = XMLParser(data: Data("<svg><g></svg>".utf8))
        final class Errors: NSObject, XMLParserDelegate {
            var count = 0
            func parser(_ parser: XMLParser, parseErrorOccurred error: Error) { count += 1 }
        }
        let errors = Errors()
        parser.delegate = errors
        XCTAssertTrue(!parser.parse() || errors.count > 0)
    }

    func testRangeTestPlotsLossAgainstLROnALogAxis() throws {
        let sweep = GrowingLR(start: 1e-4, factor: 3)
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), kind: .lrFind, record: ["svg"], callbacks: [sweep])
        try run.learner.fit(epochs: 2)
        let plot = try XCTUnwrap(run.recorders.first(SVGPlotRecorder.self))
        XCTAssertEqual(plot.batches.count, 8)
        XCTAssertEqual(plot.batches.map(\.lr)[3], Double(Float(1e-4) * pow(3, 3)))
        let chart = plot.chart()
        XCTAssertEqual(chart.xAxis.scale, .log10)
        XCTAssertEqual(chart.series.map(\.name), ["loss", "smoothed loss"])
        XCTAssertEqual(chart.series[1].points.map(\.y), plot.batches.map(\.smoothLoss))
        let svg = try run.text("plot.svg")
        let names = try elements(svg)
        XCTAssertEqual(names.first, "svg")
        XCTAssertTrue(svg.contains("Loss against learning rate"))
        XCTAssertEqual(svg, try chart.renderSVG(), "the file is the chart of the collected points")
    }

    func testTrainingPlotShowsValidationLossPerEpoch() throws {
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), record: ["svg"])
        try run.learner.fit(epochs: 3)
        let plot = try XCTUnwrap(run.recorders.first(SVGPlotRecorder.self))
        XCTAssertEqual(plot.validations.map(\.iteration), [4, 8, 12])
        let chart = plot.chart()
        XCTAssertEqual(chart.xAxis.scale, .linear)
        XCTAssertEqual(chart.series.map(\.name), ["loss", "smoothed loss", "validation loss"])
        XCTAssertFalse(try elements(try run.text("plot.svg")).isEmpty)
    }

    func testDivergingLossIsCutAboveTheDescent() throws {
        let sweep = GrowingLR(start: 1e-3, factor: 4)
        let stop = ThrowAtIteration(9, Cancellation.fit(.diverged, reason: "diverged"))
        let run = try TinyRun(out: try TinyRun.temporaryFolder(), kind: .lrFind, record: ["svg", "csv"],
                              callbacks: [sweep, stop])
        try run.learner.fit(epochs: 5)
        let plot = try XCTUnwrap(run.recorders.first(SVGPlotRecorder.self))
        XCTAssertGreaterThan(plot.batches.map(\.loss).filter(\.isFinite).max()!, 4 * plot.batches[0].smoothLoss, "the sweep diverged")
        let smooth = plot.batches.map(\.smoothLoss).filter(\.isFinite)
        let lowest = smooth.indices.min { smooth[$0] < smooth[$1] }!
        let domain = try XCTUnwrap(plot.lossDomain())
        XCTAssertGreaterThan(domain.upperBound, smooth[...lowest].max()!, "the whole descent is shown")
        XCTAssertLessThan(domain.upperBound, smooth.max()!, "the divergence is cut")
        XCTAssertEqual(domain.lowerBound, plot.batches.map(\.loss).filter(\.isFinite).min()!)
        XCTAssertFalse(try elements(try run.text("plot.svg")).isEmpty)
        XCTAssertEqual(try run.manifest().status, .diverged)
    }
}
