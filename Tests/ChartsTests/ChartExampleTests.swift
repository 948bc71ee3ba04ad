import Foundation
import XCTest
import Charts

/// Renders the two charts LRLab draws most, writes them to a temporary folder for a human to
/// look at, and checks they are complete.
final class ChartExampleTests: XCTestCase {
    private var folder: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-chart-examples")
    }

    func testLRCurveWithMarkersAndBand() throws {
        let lrs = (0..<100).map { pow(10, -7 + 8 * Double($0) / 99) }
        func loss(_ lr: Double, seed: Double) -> Double {
            let x = log10(lr)
            return 2.3 - 1.7 / (1 + exp(-2.5 * (x + 3.2))) + 0.03 * sin(9 * x + seed)
                + (x > -1 ? pow(10, 2.2 * (x + 1)) - 1 : 0)
        }
        var chart = Chart(title: "LR range test: cnn, batch size 64", xAxis: Axis(label: "learning rate", scale: .log10),
                          yAxis: Axis(label: "loss", domain: 0...3))
        chart.add(try Band(name: "seeds 0-2", x: lrs, low: lrs.map { min(loss($0, seed: 0), loss($0, seed: 2)) - 0.05 },
                           high: lrs.map { max(loss($0, seed: 0), loss($0, seed: 2)) + 0.05 }))
        chart.add(try Series(name: "smoothed loss", x: lrs, y: lrs.map { loss($0, seed: 1) }))
        chart.add(Marker(x: 1.4e-3, y: loss(1.4e-3, seed: 1), label: "valley 1.4e-3", color: .palette(1), showsGuide: true))
        chart.add(Marker(x: 0.012, y: loss(0.012, seed: 1), label: "minimum 0.012", color: .palette(2)))
        chart.legend = .bottomLeft

        let svg = try chart.renderSVG(width: 640, height: 400)
        let parsed = try ParsedSVG(svg)
        XCTAssertTrue(parsed.all("text").contains { $0.text == "valley 1.4e-3" })
        XCTAssertEqual(parsed.all("path", class: "lrc-band").count, 1)
        XCTAssertEqual(parsed.all("text").filter { $0.text.hasPrefix("1e") }.map(\.text),
                       ["1e-7", "1e-6", "1e-5", "1e-4", "1e-3", "1e-2", "1e-1", "1e0", "1e1"])
        try write(svg, "lr-curve.svg")
        try write(chart.renderThumbnailSVG(), "lr-curve-thumbnail.svg")
    }

    func testBatchSizeScalingOnLogLogAxes() throws {
        let batchSizes: [Double] = [4, 8, 16, 32, 64]
        var chart = Chart(title: "Suggested LR against batch size",
                          xAxis: Axis(label: "batch size", scale: .log10, ticks: batchSizes),
                          yAxis: Axis(label: "valley LR", scale: .log10))
        let medians = batchSizes.map { 2e-4 * pow($0, 0.62) }
        chart.add(Scatter(name: "median over seeds", points: zip(batchSizes, medians).map {
            Scatter.Point(x: $0, y: $1, low: $1 * 0.7, high: $1 * 1.35)
        }))
        chart.add(ReferenceLine.segment(from: ChartPoint(x: 4, y: 2e-4 * pow(4, 0.62)),
                                        to: ChartPoint(x: 64, y: 2e-4 * pow(64, 0.62)), name: "fit: slope 0.62"))
        chart.legend = .topLeft

        let svg = try chart.renderSVG(width: 640, height: 400)
        let parsed = try ParsedSVG(svg)
        let xLabels = parsed.all("text").filter { ["4", "8", "16", "32", "64"].contains($0.text) }
        XCTAssertEqual(xLabels.count, 5)
        XCTAssertEqual(parsed.all("path", class: "lrc-error-bars").count, 1)
        XCTAssertEqual(parsed.all("path", class: "lrc-reference").count, 1)
        try write(svg, "lr-vs-batch-size.svg")
    }

    func testSweepOverlayWithOneBandPerBatchSize() throws {
        var chart = Chart(title: "Sweep: cnn, 5 batch sizes x 3 seeds",
                          xAxis: Axis(label: "learning rate", scale: .log10), yAxis: Axis(label: "loss", domain: 0...3))
        let lrs = (0..<80).map { pow(10, -6 + 6 * Double($0) / 79) }
        for (index, batchSize) in [64, 32, 16, 8, 4].enumerated() {
            let shift = 0.3 * Double(index)
            let curve = lrs.map { 2.3 - 1.6 / (1 + exp(-3 * (log10($0) + 3 + shift))) }
            chart.add(try Series(name: "bs \(batchSize)", x: lrs, y: curve))
            chart.add(try Band(x: lrs, low: curve.map { $0 - 0.08 }, high: curve.map { $0 + 0.08 }))
        }
        let svg = try chart.renderSVG(width: 720, height: 420)
        let parsed = try ParsedSVG(svg)
        let legend = parsed.all("text").filter { $0.ancestorClasses.contains("lrc-legend") }.map(\.text)
        XCTAssertEqual(legend, ["bs 64", "bs 32", "bs 16", "bs 8", "bs 4"])
        let bandColors = parsed.all("path", class: "lrc-band").compactMap { $0.attributes["color"] }
        let seriesColors = parsed.all("g", class: "lrc-series").compactMap { $0.attributes["color"] }
        XCTAssertEqual(bandColors, seriesColors, "each band takes the colour of its series")
        XCTAssertEqual(Set(seriesColors).count, 5)
        try write(svg, "sweep-overlay.svg")
        try write(chart.renderThumbnailSVG(width: 240, height: 150), "sweep-overlay-thumbnail.svg")
    }

    private func write(_ svg: String, _ name: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(svg.utf8).write(to: url, options: .atomic)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), svg)
        print("wrote \(url.path)")
    }
}
