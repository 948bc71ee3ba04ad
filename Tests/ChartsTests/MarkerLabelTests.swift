import XCTest
@testable import Charts

/// Labels of markers that sit close together must stay readable: no two label boxes overlap.
final class MarkerLabelTests: XCTestCase {
    func testLabelsOfCrowdedMarkersDoNotOverlap() throws {
        var chart = Chart(title: "crowded", xAxis: Axis(label: "lr", scale: .log10), yAxis: Axis(label: "loss"))
        chart.add(Series(name: "loss", points: [(1e-4, 2.3), (1e-3, 2.2), (1e-2, 1.9), (1e-1, 1.5), (1, 4)]
            .map { ChartPoint(x: $0.0, y: $0.1) }))
        for (index, lr) in [5.2e-3, 6.0e-3, 8.3e-3, 9.0e-3].enumerated() {
            chart.add(Marker(x: lr, y: 1.95 - Double(index) * 0.01, label: "suggestion\(index) \(lr)"))
        }
        let svg = try ParsedSVG(try chart.renderSVG(width: 640, height: 400))
        let labels = svg.elements.filter { $0.hasClass("lrc-marker-label") }
        XCTAssertEqual(labels.count, 4)
        let fontSize = 12.0
        let boxes: [PixelRect] = try labels.map { label in
            let x = try XCTUnwrap(label.number("x")), y = try XCTUnwrap(label.number("y"))
            let width = RenderMetrics.textWidth(label.text, size: fontSize)
            let left = label.attributes["text-anchor"] == "end" ? x - width : x
            return PixelRect(left: left, top: y - fontSize * 0.8, right: left + width, bottom: y + fontSize * 0.2)
        }
        for i in boxes.indices {
            for j in boxes.indices where j > i {
                let a = boxes[i], b = boxes[j]
                let overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
                XCTAssertFalse(overlap, "labels \(labels[i].text) and \(labels[j].text) overlap")
            }
        }
    }
}
