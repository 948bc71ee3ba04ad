import XCTest
@testable import Charts

/// Labels of markers that sit close together must stay readable: no label box overlaps another
/// label or any marker dot.
final class MarkerLabelTests: XCTestCase {
    func testLabelsOfCrowdedMarkersDoNotOverlap() throws {
        var chart = Chart(title: "crowded", xAxis: Axis(label: "lr", scale: .log10), yAxis: Axis(label: "loss"))
        chart.add(Series(name: "loss", points: [(1e-4, 2.3), (1e-3, 2.2), (1e-2, 1.9), (1e-1, 1.5), (1, 4)]
            .map { ChartPoint(x: $0.0, y: $0.1) }))
        for (index, lr) in [5.2e-3, 6.0e-3, 8.3e-3, 9.0e-3].enumerated() {
            chart.add(Marker(x: lr, y: 1.95 - Double(index) * 0.01, label: "suggestion\(index) \(lr)"))
        }
        try checkLabels(of: chart, count: 4)
    }

    /// The four suggestions of a real cnn run (batch 128): the slide label once sat on the valley dot.
    func testLabelsKeepOffOtherMarkersDots() throws {
        var chart = Chart(title: "LR range test", xAxis: Axis(label: "learning rate", scale: .log10),
                          yAxis: Axis(label: "loss"))
        let curve = [(1e-7, 2.3), (1e-5, 2.31), (1e-3, 2.3), (3e-3, 2.25), (1e-2, 2.18), (2e-2, 2.12), (0.2, 2.0),
                     (0.6, 2.1), (1.0, 3.3)]
        chart.add(Series(name: "smoothed loss", points: curve.map { ChartPoint(x: $0.0, y: $0.1) }))
        for (label, lr, loss) in [("minimum 0.021", 0.02089, 2.1165), ("steep 0.019", 0.019055, 2.1165),
                                  ("valley 1.7e-3", 0.0017378, 2.2871), ("slide 0.013", 0.013183, 2.1664)] {
            chart.add(Marker(x: lr, y: loss, label: label, showsGuide: true))
        }
        chart.yAxis.domain = 0.907...3.3
        try checkLabels(of: chart, count: 4)
    }

    private func checkLabels(of chart: Chart, count: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let svg = try ParsedSVG(try chart.renderSVG(width: 640, height: 400))
        let labels = svg.elements.filter { $0.hasClass("lrc-marker-label") }
        XCTAssertEqual(labels.count, count, file: file, line: line)
        let fontSize = 12.0
        let boxes: [PixelRect] = try labels.map { label in
            let x = try XCTUnwrap(label.number("x")), y = try XCTUnwrap(label.number("y"))
            let width = RenderMetrics.textWidth(label.text, size: fontSize)
            let left = label.attributes["text-anchor"] == "end" ? x - width : x
            return PixelRect(left: left, top: y - fontSize * 0.8, right: left + width, bottom: y + fontSize * 0.2)
        }
        func overlap(_ a: PixelRect, _ b: PixelRect) -> Bool {
            a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
        }
        for i in boxes.indices {
            for j in boxes.indices where j > i {
                XCTAssertFalse(overlap(boxes[i], boxes[j]), "labels \(labels[i].text) and \(labels[j].text) overlap",
                               file: file, line: line)
            }
        }
        let dots = svg.elements.filter { $0.name == "circle" && $0.hasClass("lrc-marker-dot") }
        XCTAssertEqual(dots.count, count, file: file, line: line)
        for dot in dots {
            let x = try XCTUnwrap(dot.number("cx")), y = try XCTUnwrap(dot.number("cy")), r = try XCTUnwrap(dot.number("r"))
            let disc = PixelRect(left: x - r, top: y - r, right: x + r, bottom: y + r)
            for (box, label) in zip(boxes, labels) {
                XCTAssertFalse(overlap(box, disc), "label \(label.text) covers the marker dot at (\(x), \(y))",
                               file: file, line: line)
            }
        }
    }
}
